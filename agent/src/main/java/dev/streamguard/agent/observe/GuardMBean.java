package dev.streamguard.agent.observe;

import dev.streamguard.config.GuardConfig;
import dev.streamguard.config.Mode;
import dev.streamguard.config.Setting;
import dev.streamguard.core.Deviation;
import dev.streamguard.runtime.StreamGuardRuntime;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.InvalidAttributeValueException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanException;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.ReflectionException;

/**
 * {@code dev.streamguard:type=StreamGuard} on the platform MBean server: the counters (one attribute each,
 * one per deviation id), the effective configuration, what became of each client class, a writable
 * {@code Mode} and {@code resetCounters()}.
 */
public final class GuardMBean implements DynamicMBean {
    public static final String NAME = "dev.streamguard:type=StreamGuard";

    private final StreamCounters counters;
    private final Map<String, Supplier<Object>> attributes = new LinkedHashMap<>();
    private final Map<String, String> descriptions = new LinkedHashMap<>();

    /** {@code classes}: each client class that loaded and what became of it ({@code class: outcome}). */
    public GuardMBean(StreamCounters counters, Supplier<String[]> classes) {
        this.counters = counters;
        attributes.put("Mode", () -> StreamGuardRuntime.config().mode().configName());
        descriptions.put("Mode", "enforce, observe or off; writable, applies to streams that start after the change");
        counter("StreamsGuarded", counters.streamsGuarded, "responses recognised as OpenAI (Chat Completions, Responses), Anthropic or Gemini streams");
        counter("StreamsRepaired", counters.streamsRepaired, "guarded streams with at least one event rewritten, not failed");
        counter("StreamsFailed", counters.streamsFailed, "guarded streams that ended in a StreamGuardException");
        counter("StreamsPassedThrough", counters.streamsPassedThrough, "event streams not recognised as LLM streams, passed untouched");
        counter("StreamsUnguarded", counters.streamsUnguarded, "event streams left unguarded because their body was compressed");
        counter("EventsRewritten", counters.eventsRewritten, "events changed, dropped, split or added to");
        counter("CapHits", counters.capHits, "streams stopped at a cap (D20)");
        counter("Truncations", counters.truncations, "streams whose body ended early (D15, R2, G1)");
        counter("UpstreamErrors", counters.upstreamErrors, "streams that carried an upstream error (D12, Anthropic error events, R4, G2)");
        counter("InvalidToolArguments", counters.invalidToolArguments, "streams with tool arguments that are not JSON (D21, R6, G3)");
        counter("MissingToolInputs", counters.missingToolInputs, "streams with a tool_use whose required input was lost (D17)");
        counter("IdleTimeouts", counters.idleTimeouts, "streams stopped because the upstream stayed silent (stream.idle-timeout)");
        counter("UpstreamIoErrors", counters.upstreamIoErrors,
                "guarded streams whose connection failed (reset, read timeout): the application got its client's own error");
        counter("FailOpens", counters.failOpens, "internal errors after which a response went on unguarded");
        counter("BytesIn", counters.bytesIn, "bytes read from upstream in guarded streams");
        counter("BytesOut", counters.bytesOut, "bytes delivered to the application in guarded streams");
        for (Deviation d : Deviation.values()) {
            counter(d.name(), counters.deviations[d.ordinal()], d.description());
        }
        attributes.put("Configuration", GuardMBean::configuration);
        descriptions.put("Configuration", "every setting with its effective value and where it came from");
        attributes.put("ClientClasses", classes::get);
        descriptions.put("ClientClasses", "each HTTP client class the agent hooks that has loaded: instrumented, or why not "
                + "(a version the hook does not fit, glue that could not be made for a copy of the library)");
    }

    private void counter(String name, LongAdder adder, String description) {
        attributes.put(name, adder::sum);
        descriptions.put(name, description);
    }

    private static String[] configuration() {
        GuardConfig c = StreamGuardRuntime.config();
        List<String> lines = new ArrayList<>();
        for (Setting s : Setting.values()) {
            lines.add(s.propertyName() + "=" + c.value(s) + " (" + c.source(s).description() + ")");
        }
        return lines.toArray(new String[0]);
    }

    /** Registers on the platform MBean server; a second registration (agent loaded twice) replaces nothing. */
    public void register() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(NAME);
        if (!server.isRegistered(name)) {
            server.registerMBean(this, name);
        }
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
        Supplier<Object> value = attributes.get(attribute);
        if (value == null) {
            throw new AttributeNotFoundException(attribute);
        }
        return value.get();
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException, InvalidAttributeValueException {
        if (!"Mode".equals(attribute.getName())) {
            throw new AttributeNotFoundException(attribute.getName() + " is read-only or unknown");
        }
        Mode mode = attribute.getValue() instanceof String ? Mode.parse((String) attribute.getValue()) : null;
        if (mode == null) {
            throw new InvalidAttributeValueException("Mode must be enforce, observe or off, not " + attribute.getValue());
        }
        StreamGuardRuntime.setMode(mode);
    }

    @Override
    public AttributeList getAttributes(String[] names) {
        AttributeList list = new AttributeList();
        for (String n : names) {
            Supplier<Object> value = attributes.get(n);
            if (value != null) {
                list.add(new Attribute(n, value.get()));
            }
        }
        return list;
    }

    @Override
    public AttributeList setAttributes(AttributeList list) {
        AttributeList set = new AttributeList();
        for (Attribute a : list.asList()) {
            try {
                setAttribute(a);
                set.add(a);
            } catch (AttributeNotFoundException | InvalidAttributeValueException e) {
                // Not set: left out of the result, as the JMX contract says.
            }
        }
        return set;
    }

    @Override
    public Object invoke(String action, Object[] params, String[] signature) throws MBeanException, ReflectionException {
        if ("resetCounters".equals(action) && (params == null || params.length == 0)) {
            counters.reset();
            return null;
        }
        throw new ReflectionException(new NoSuchMethodException(action));
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        List<MBeanAttributeInfo> infos = new ArrayList<>();
        for (Map.Entry<String, String> d : descriptions.entrySet()) {
            String name = d.getKey();
            String type = name.equals("Mode") ? String.class.getName()
                    : name.equals("Configuration") || name.equals("ClientClasses") ? String[].class.getName() : long.class.getName();
            infos.add(new MBeanAttributeInfo(name, type, d.getValue(), true, name.equals("Mode"), false));
        }
        MBeanOperationInfo reset = new MBeanOperationInfo("resetCounters", "sets every counter back to zero",
                new javax.management.MBeanParameterInfo[0], "void", MBeanOperationInfo.ACTION);
        return new MBeanInfo(GuardMBean.class.getName(), "StreamGuard: what the guard did in this JVM, and its mode",
                infos.toArray(new MBeanAttributeInfo[0]), null, new MBeanOperationInfo[] {reset}, null);
    }
}
