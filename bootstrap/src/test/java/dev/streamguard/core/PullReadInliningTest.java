package dev.streamguard.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * The pull adapter's read loop is kept out of the client's read loop by its size (see its javadoc): C2 does not inline
 * a hot method of more than {@code FreqInlineSize} bytes of bytecode: 325 on x86-64, as {@code -XX:+PrintFlagsFinal}
 * printed it on OpenJDK 17 and Temurin 25. A refactoring that splits it again would bring back a second compilation
 * of the guard and of the upstream's read path inside each client's own read methods.
 */
class PullReadInliningTest {
    private static final int FREQ_INLINE_SIZE = 325;

    @Test
    void theReadLoopIsTooLargeForC2ToInline() throws IOException {
        // read(byte[], int, int) and readOut(int) are small and call it.
        int length = codeLength(GuardedInputStream.class, "read", "([BIIZ)I");
        assertTrue(length > FREQ_INLINE_SIZE, "GuardedInputStream's read loop has " + length + " bytes of bytecode");
    }

    /** The length of a method's bytecode, read from its class file. */
    private static int codeLength(Class<?> type, String name, String descriptor) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            DataInputStream data = new DataInputStream(in);
            data.skipBytes(8);
            String[] utf8 = constantPoolStrings(data);
            data.skipBytes(6);
            data.skipBytes(2 * data.readUnsignedShort());
            skipMembers(data);
            for (int methods = data.readUnsignedShort(); methods > 0; methods--) {
                data.skipBytes(2);
                String methodName = utf8[data.readUnsignedShort()];
                String methodDescriptor = utf8[data.readUnsignedShort()];
                for (int attributes = data.readUnsignedShort(); attributes > 0; attributes--) {
                    String attribute = utf8[data.readUnsignedShort()];
                    int attributeLength = data.readInt();
                    if (attribute.equals("Code") && methodName.equals(name) && methodDescriptor.equals(descriptor)) {
                        data.skipBytes(4);
                        return data.readInt();
                    }
                    data.skipBytes(attributeLength);
                }
            }
        }
        throw new AssertionError("no method " + name + descriptor + " in " + type);
    }

    private static String[] constantPoolStrings(DataInputStream data) throws IOException {
        int count = data.readUnsignedShort();
        String[] utf8 = new String[count];
        for (int i = 1; i < count; i++) {
            int tag = data.readUnsignedByte();
            switch (tag) {
                case 1:
                    utf8[i] = data.readUTF();
                    break;
                case 5:
                case 6:
                    data.skipBytes(8);
                    i++;
                    break;
                case 3:
                case 4:
                case 9:
                case 10:
                case 11:
                case 12:
                case 17:
                case 18:
                    data.skipBytes(4);
                    break;
                case 15:
                    data.skipBytes(3);
                    break;
                default:
                    data.skipBytes(2);
            }
        }
        return utf8;
    }

    private static void skipMembers(DataInputStream data) throws IOException {
        for (int fields = data.readUnsignedShort(); fields > 0; fields--) {
            data.skipBytes(6);
            for (int attributes = data.readUnsignedShort(); attributes > 0; attributes--) {
                data.skipBytes(2);
                data.skipBytes(data.readInt());
            }
        }
    }
}
