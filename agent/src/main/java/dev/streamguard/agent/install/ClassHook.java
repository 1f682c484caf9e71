package dev.streamguard.agent.install;

/** How one client class is changed as it loads: its new bytes, or null to leave it as it is. */
public interface ClassHook {
    byte[] apply(String className, ClassLoader loader, byte[] classfile) throws Exception;
}
