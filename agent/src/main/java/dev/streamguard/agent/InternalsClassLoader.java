package dev.streamguard.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.SecureClassLoader;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the agent's instrumentation (Byte Buddy, the advice, the agent's log) straight from the agent jar, where it
 * sits under {@link #PREFIX}: out of reach of the boot loader, which has the same jar on its class path but
 * looks for classes at the top level. Its parent is the platform loader, so it sees the core (boot) and
 * java.net.http, and nothing of the application. Reading the jar in place, rather than extracting a nested
 * jar, writes no file (a read-only container works) and costs no temporary-file name from SecureRandom.
 */
final class InternalsClassLoader extends SecureClassLoader {
    static final String PREFIX = "streamguard-internals/";
    /** Where the classes under {@link #PREFIX} are; none of them is also on the boot class path. */
    private static final String OWN_PACKAGES = "dev.streamguard.";

    static {
        registerAsParallelCapable();
    }

    private final JarFile jar;
    private final URL jarUrl;
    private final CodeSource codeSource;
    private final Attributes manifest;

    InternalsClassLoader(File agentJar) throws IOException {
        super(ClassLoader.getPlatformClassLoader());
        jar = new JarFile(agentJar, false);
        jarUrl = agentJar.toURI().toURL();
        codeSource = new CodeSource(jarUrl, (Certificate[]) null);
        manifest = jar.getManifest() == null ? new Attributes() : jar.getManifest().getMainAttributes();
    }

    /**
     * The agent's classes and the Byte Buddy it relocated, which exist only here, are defined without asking the
     * platform loader first: that would cost a ClassNotFoundException, with its stack trace, for each of the
     * thousand-odd classes Byte Buddy loads. Any other name goes the usual way, parent first.
     */
    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        JarEntry entry = name.startsWith(OWN_PACKAGES) ? entryOf(name) : null;
        if (entry == null) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = define(name, entry);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        JarEntry entry = entryOf(name);
        if (entry == null) {
            throw new ClassNotFoundException(name);
        }
        return define(name, entry);
    }

    private JarEntry entryOf(String className) {
        return jar.getJarEntry(PREFIX + className.replace('.', '/') + ".class");
    }

    private Class<?> define(String name, JarEntry entry) throws ClassNotFoundException {
        byte[] bytes;
        try {
            bytes = read(entry);
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
        definePackageOf(name);
        return defineClass(name, bytes, 0, bytes.length, codeSource);
    }

    /**
     * Into an array of the entry's size, which the jar's directory states: {@code readAllBytes} would take a
     * 16 KiB buffer on JDK 25 (8 KiB on JDK 17) for each of the 1,000-odd classes Byte Buddy loads, some 20 MB of
     * garbage that, before the first collection, is memory the process touches.
     */
    private byte[] read(JarEntry entry) throws IOException {
        try (InputStream in = jar.getInputStream(entry)) {
            long size = entry.getSize();
            if (size < 0 || size > Integer.MAX_VALUE - 8) {
                return in.readAllBytes();
            }
            byte[] bytes = new byte[(int) size];
            int n = in.readNBytes(bytes, 0, bytes.length);
            if (n != bytes.length || in.read() >= 0) {
                throw new IOException("the jar's entry " + entry.getName() + " does not have the size its directory states");
            }
            return bytes;
        }
    }

    /** With the agent jar's version, which {@code Package.getImplementationVersion()} then reports. */
    private void definePackageOf(String className) {
        int dot = className.lastIndexOf('.');
        String name = className.substring(0, Math.max(dot, 0));
        if (dot < 0 || getDefinedPackage(name) != null) {
            return;
        }
        try {
            definePackage(name, null, null, null, manifest.getValue(Attributes.Name.IMPLEMENTATION_TITLE),
                    manifest.getValue(Attributes.Name.IMPLEMENTATION_VERSION), null, null);
        } catch (IllegalArgumentException definedMeanwhile) {
            // Another thread defined it first: the same package.
        }
    }

    @Override
    protected URL findResource(String name) {
        if (jar.getJarEntry(PREFIX + name) == null) {
            return null;
        }
        try {
            return new URL("jar:" + jarUrl + "!/" + PREFIX + name);
        } catch (MalformedURLException e) {
            return null;
        }
    }

    /**
     * Byte Buddy reads the advice classes' bytes through this: straight from the open jar, rather than through
     * a {@code jar:} URL, which would open and index the jar a second time.
     */
    @Override
    public InputStream getResourceAsStream(String name) {
        JarEntry entry = jar.getJarEntry(PREFIX + name);
        if (entry == null || getParent().getResource(name) != null) {
            return super.getResourceAsStream(name);
        }
        try {
            return jar.getInputStream(entry);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL url = findResource(name);
        return url == null ? Collections.emptyEnumeration() : Collections.enumeration(Collections.singletonList(url));
    }
}
