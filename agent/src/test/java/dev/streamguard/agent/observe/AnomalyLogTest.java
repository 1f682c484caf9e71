package dev.streamguard.agent.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.core.StreamReport;
import org.junit.jupiter.api.Test;

class AnomalyLogTest {
    @Test
    void aRepairedStreamHasTheDocumentedKeysAndNoQueryOrBody() {
        StreamReport r = ObserveTestReports.report(ObserveTestReports.REPAIRED);
        String line = AnomalyLog.format(r, 0);
        assertTrue(line.matches("stream ts=\\S+ host=api\\.example\\.com path=/v1/chat/completions client=jdk protocol=openai_chat "
                + "model=gpt-x mode=enforce outcome=repaired cause=\"\" raised=\"\" rules=D2:1 caps=\"\" events_in=3 events_out=3 "
                + "bytes_in=\\d+ bytes_out=\\d+ duration_ms=\\d+"), line);
        assertFalse(line.contains("key=k"));
        assertFalse(line.contains("\"b\""));
    }

    @Test
    void failuresSayTheirCauseAndWhetherTheyWereRaised() {
        String enforce = AnomalyLog.format(ObserveTestReports.report(ObserveTestReports.TRUNCATED), 0);
        assertTrue(enforce.contains(" outcome=failed cause=truncated raised=true rules=D15:1 "), enforce);
        String observe = AnomalyLog.format(ObserveTestReports.report(ObserveTestReports.TRUNCATED, "observe", "http://h/p", null), 0);
        assertTrue(observe.contains(" mode=observe outcome=would_fail cause=truncated raised=false "), observe);
        assertTrue(observe.contains(" model=\"\" "), "no request, no model: " + observe);
        String suppressed = AnomalyLog.format(ObserveTestReports.report(ObserveTestReports.TRUNCATED), 7);
        assertTrue(suppressed.endsWith(" suppressed=7"), suppressed);
    }

    @Test
    void aRequestThatCarriedATraceContextLeadsToItsTraceAndClientSpan() {
        String traced = AnomalyLog.format(ObserveTestReports.report(ObserveTestReports.TRUNCATED, "enforce", "http://h/p", null,
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), 3);
        assertTrue(traced.matches(".* duration_ms=\\d+ trace_id=4bf92f3577b34da6a3ce929d0e0e4736 span_id=00f067aa0ba902b7 suppressed=3"),
                traced);
        String malformed = AnomalyLog.format(ObserveTestReports.report(ObserveTestReports.TRUNCATED, "enforce", "http://h/p", null,
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7"), 0);
        assertFalse(malformed.contains("trace_id") || malformed.contains("span_id") || malformed.contains("4bf92f"), malformed);
    }

    @Test
    void aValueWithSpacesOrQuotesIsQuoted() {
        String line = AnomalyLog.format(ObserveTestReports.report(ObserveTestReports.REPAIRED, "enforce", "http://h/p",
                "{\"model\":\"my \\\"big\\\" model\"}"), 0);
        assertTrue(line.contains(" model=\"my \\\"big\\\" model\" "), line);
    }

    @Test
    void aStreamCutByAResetIsLoggedAsAnUpstreamIoError() {
        StreamReport cut = ObserveTestReports.reportOfReset(ObserveTestReports.REPAIRED.substring(0, ObserveTestReports.REPAIRED.indexOf("data: [DONE]")));
        assertTrue(AnomalyLog.isAnomaly(cut));
        String line = AnomalyLog.format(cut, 0);
        assertTrue(line.contains(" client=okhttp protocol=openai_chat model=\"\" mode=enforce outcome=upstream_io_error cause=\"\" raised=\"\" rules=D2:1 "),
                line);
        assertFalse(AnomalyLog.isAnomaly(ObserveTestReports.reportOfReset(ObserveTestReports.NOT_LLM)), "not an LLM stream");
    }

    @Test
    void compliantStreamsAreNotLogged() {
        assertFalse(AnomalyLog.isAnomaly(ObserveTestReports.report(ObserveTestReports.COMPLIANT)));
        assertTrue(AnomalyLog.isAnomaly(ObserveTestReports.report(ObserveTestReports.REPAIRED)));
    }

    @Test
    void theRateAdmitsABurstThenTheSteadyRateAndCountsWhatItLeftOut() {
        LogRate rate = new LogRate(3, 60, 0);
        long t = 0;
        assertEquals(0, rate.admit(t));
        assertEquals(0, rate.admit(t));
        assertEquals(0, rate.admit(t));
        assertEquals(-1, rate.admit(t));
        assertEquals(-1, rate.admit(t + 500_000_000L));
        assertEquals(2, rate.admit(t + 1_000_000_000L), "one line per second at 60 per minute; two were left out");
        assertEquals(-1, rate.admit(t + 1_100_000_000L));
    }
}
