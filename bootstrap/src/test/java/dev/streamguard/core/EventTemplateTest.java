package dev.streamguard.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** One learned shape against the bytes at an event boundary: a whole event, the start of one, or neither. */
class EventTemplateTest {
    /** {@code data: {"c":"<text>","n":<integer>}}: a string slot and an integer slot. */
    private static final String LEARNED = "data: {\"c\":\"abc\",\"n\":12}\n\n";

    private static EventTemplate shape(String raw, boolean unusualFraming) {
        byte[] b = raw.getBytes(StandardCharsets.UTF_8);
        int text = raw.indexOf("abc");
        int number = raw.indexOf("12");
        return new EventTemplate(b, b.length, new int[] {text, number}, new int[] {text + 3, number + 2}, new boolean[] {false, true},
                2, -1, null, -1, null, unusualFraming, new byte[] {'\n'});
    }

    private static int match(EventTemplate shape, String bytes) {
        byte[] b = ("xx" + bytes).getBytes(StandardCharsets.UTF_8);
        return shape.match(b, 2, b.length, new int[EventTemplate.MAX_SLOTS], new int[EventTemplate.MAX_SLOTS]);
    }

    @Test
    void everyStartOfAnEventOfTheShapeIsPartialAndTheWholeEventMatches() {
        EventTemplate shape = shape(LEARNED, false);
        String event = "data: {\"c\":\"x\\\"y\\\\\",\"n\":345}\n\n";
        assertEquals(event.length(), match(shape, event));
        assertEquals(event.length(), match(shape, event + "data: more"), "what follows the event is not its");
        for (int cut = 0; cut < event.length(); cut++) {
            assertEquals(EventTemplate.PARTIAL, match(shape, event.substring(0, cut)), "cut after " + event.substring(0, cut));
        }
    }

    @Test
    void bytesThatDifferFromTheShapeBeforeTheyEndAreNotPartial() {
        EventTemplate shape = shape(LEARNED, false);
        for (String start : new String[] {"data: {\"d\"", "event: x\n", "data: {\"c\":\"a\n", "data: {\"c\":\"a\\\n",
                "data: {\"c\":\"a\",\"n\":01", "data: {\"c\":\"a\",\"n\":1234567890", "data: {\"c\":\"a\",\"n\":x",
                "data: {\"c\":\"a\",\"n\":1,", "data: {\"c\":\"a\",\"n\":1}\r", ": ping\n\n"}) {
            assertEquals(0, match(shape, start), start);
        }
    }

    @Test
    void aLongTextIsReadToItsClosingQuoteWhereverItsEscapesAndOtherBytesLie() {
        EventTemplate shape = shape(LEARNED, false);
        // UTF-8 whose bytes have the high bit set over the low bits of a quote, a backslash, an LF: "¢", "ܢ", "Ê".
        String plain = "the quick brown fox ¢ ܢ Ê jumps";
        for (int at = 0; at <= plain.length(); at++) {
            String before = plain.substring(0, at);
            String after = plain.substring(at);
            for (String escape : new String[] {"\\\"", "\\\\", "\\n", "\\u0022"}) {
                String event = "data: {\"c\":\"" + before + escape + after + "\",\"n\":7}\n\n";
                assertEquals(event.getBytes(StandardCharsets.UTF_8).length, match(shape, event), event);
            }
            for (String notOneLine : new String[] {"\n", "\t", "\\\n", "\\\u001f"}) {
                String event = "data: {\"c\":\"" + before + notOneLine + after + "\",\"n\":7}\n\n";
                assertEquals(0, match(shape, event), event);
            }
        }
    }

    @Test
    void theStartOfAnEventOfAShapeFramedUnusuallyIsLeftToTheFramer() {
        EventTemplate shape = shape(LEARNED.replace("\n", "\r\n"), true);
        String event = "data: {\"c\":\"x\",\"n\":3}\r\n\r\n";
        assertEquals(event.length(), match(shape, event));
        for (int cut = 0; cut < event.length(); cut++) {
            assertEquals(0, match(shape, event.substring(0, cut)), "cut after " + event.substring(0, cut));
        }
    }
}
