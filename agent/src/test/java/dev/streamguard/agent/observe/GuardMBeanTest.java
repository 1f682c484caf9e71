package dev.streamguard.agent.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamguard.config.ConfigLoader;
import dev.streamguard.config.Mode;
import dev.streamguard.runtime.StreamGuardRuntime;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import javax.management.Attribute;
import javax.management.AttributeNotFoundException;
import javax.management.InvalidAttributeValueException;
import javax.management.MBeanAttributeInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GuardMBeanTest {
    @BeforeAll
    static void install() {
        StreamGuardRuntime.install(ConfigLoader.load("tool-calls.max=9", new Properties(), Map.of()), new NoHost(), (r, h) -> h);
    }

    @Test
    void exposesEveryCounterEveryDeviationTheModeAndTheConfiguration() throws Exception {
        StreamCounters counters = new StreamCounters();
        counters.add(ObserveTestReports.report(ObserveTestReports.REPAIRED));
        GuardMBean bean = new GuardMBean(counters, () -> new String[] {"okhttp3.RealCall: instrumented"});
        String[] names = Arrays.stream(bean.getMBeanInfo().getAttributes()).map(MBeanAttributeInfo::getName).toArray(String[]::new);
        for (String required : new String[] {"Mode", "StreamsGuarded", "StreamsRepaired", "StreamsFailed", "EventsRewritten", "CapHits",
            "Truncations", "UpstreamErrors", "FailOpens", "BytesIn", "BytesOut", "D1", "D23", "Configuration", "ClientClasses"}) {
            assertTrue(Arrays.asList(names).contains(required), required);
        }
        assertEquals(1L, bean.getAttribute("StreamsRepaired"));
        assertEquals(1L, bean.getAttribute("D2"));
        assertTrue(Arrays.asList((String[]) bean.getAttribute("Configuration"))
                .contains("streamguard.tool-calls.max=9 (the agent argument)"));
        assertEquals(Arrays.asList("okhttp3.RealCall: instrumented"), Arrays.asList((String[]) bean.getAttribute("ClientClasses")));
        assertEquals(String[].class.getName(), Arrays.stream(bean.getMBeanInfo().getAttributes()).filter(a -> a.getName().equals("ClientClasses"))
                .findFirst().orElseThrow().getType());
        bean.invoke("resetCounters", new Object[0], new String[0]);
        assertEquals(0L, bean.getAttribute("StreamsRepaired"));
        assertThrows(AttributeNotFoundException.class, () -> bean.getAttribute("Nope"));
    }

    /** A Responses stream's rules are counted under their own ids (R1-R6), beside the failure's cause. */
    @Test
    void countsTheResponsesRulesUnderTheirIds() throws Exception {
        String created = "event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0,"
                + "\"response\":{\"id\":\"resp_1\",\"output\":[]}}\n\n";
        // The same number again (R5), and no terminal event before the end (R2).
        String inProgress = created.replace("response.created", "response.in_progress");
        StreamCounters counters = new StreamCounters();
        counters.add(ObserveTestReports.report(created + inProgress));
        GuardMBean bean = new GuardMBean(counters, () -> new String[0]);
        assertEquals(1L, bean.getAttribute("R5"));
        assertEquals(1L, bean.getAttribute("R2"));
        assertEquals(1L, bean.getAttribute("Truncations"));
        assertEquals(0L, bean.getAttribute("R1"));
        assertEquals(0L, bean.getAttribute("D15"));
    }

    @Test
    void countsTheGeminiRulesUnderTheirIds() throws Exception {
        // A candidate that ends with SAFETY (G4, reported), then an error chunk (G2): the stream fails.
        String safety = "data: {\"candidates\": [{\"content\": {\"parts\": [],\"role\": \"model\"},\"index\": 0}],\"modelVersion\": \"m\"}\r\n\r\n"
                + "data: {\"candidates\": [{\"finishReason\": \"SAFETY\",\"index\": 1}]}\r\n\r\n";
        String error = "data: {\"error\": {\"code\": 503,\"message\": \"overloaded\",\"status\": \"UNAVAILABLE\"}}\r\n\r\n";
        StreamCounters counters = new StreamCounters();
        counters.add(ObserveTestReports.report(safety + error));
        GuardMBean bean = new GuardMBean(counters, () -> new String[0]);
        assertEquals(1L, bean.getAttribute("G4"));
        assertEquals(1L, bean.getAttribute("G2"));
        assertEquals(1L, bean.getAttribute("UpstreamErrors"));
        assertEquals(0L, bean.getAttribute("G1"));
        assertEquals(0L, bean.getAttribute("D12"));
    }

    @Test
    void modeIsWritableAndValidated() throws Exception {
        GuardMBean bean = new GuardMBean(new StreamCounters(), () -> new String[0]);
        try {
            bean.setAttribute(new Attribute("Mode", "observe"));
            assertEquals("observe", bean.getAttribute("Mode"));
            assertEquals(Mode.OBSERVE, StreamGuardRuntime.config().mode());
            assertThrows(InvalidAttributeValueException.class, () -> bean.setAttribute(new Attribute("Mode", "loud")));
            assertThrows(AttributeNotFoundException.class, () -> bean.setAttribute(new Attribute("StreamsGuarded", 3L)));
        } finally {
            bean.setAttribute(new Attribute("Mode", "enforce"));
        }
    }

    private static final class NoHost implements StreamGuardRuntime.Host {
        @Override
        public void onReport(dev.streamguard.core.StreamReport report) {
        }

        @Override
        public void onUnguarded(String client, String url, String reason) {
        }

        @Override
        public void onInternalError(String where, Throwable error) {
        }
    }
}
