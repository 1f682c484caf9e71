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

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        JarEntry entry = jar.getJarEntry(PREFIX + name.replace('.', '/') + ".class");
        if (entry == null) {
            throw new ClassNotFoundException(name);
        }
        byte[] bytes;
        try (InputStream in = jar.getInputStream(entry)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
        definePackageOf(name);
        return defineClass(name, bytes, 0, bytes.length, codeSource);
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
