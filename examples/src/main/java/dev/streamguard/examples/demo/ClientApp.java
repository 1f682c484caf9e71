package dev.streamguard.examples.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The client application, run in a child JVM (once without the agent, once with it): every scenario through
 * both HTTP clients, one after the other. It prints, for the demo that started it, a line before each stream
 * ({@code @step}) and one with what the application ended up with ({@code @result}).
 * Usage: {@code ClientApp <base URL of the upstream>}.
 */
public final class ClientApp {
    static final List<String> CLIENTS = List.of("jdk", "okhttp");
    static final String STEP = "@step";
    static final String RESULT = "@result";

    private ClientApp() {
    }

    public static void main(String[] args) {
        // Gone with the demo, however the demo ends (Ctrl-C, kill): nothing is left running.
        ProcessHandle.current().parent().ifPresent(demo -> demo.onExit().thenRun(() -> Runtime.getRuntime().halt(3)));
        PrintStream out = System.out;
        String base = args[0];
        StreamClients.Jdk jdk = new StreamClients.Jdk();
        StreamClients.OkHttp okhttp = new StreamClients.OkHttp();
        for (Scenario scenario : Scenario.values()) {
            for (StreamClients.Client client : List.<StreamClients.Client>of(jdk, okhttp)) {
                out.println(STEP + "\t" + scenario.slug() + "\t" + client.name());
                out.flush();
                Outcome outcome = run(client, scenario, base + scenario.path());
                out.println(RESULT + "\t" + scenario.slug() + "\t" + client.name() + "\t" + outcome.encode());
                out.flush();
            }
        }
        okhttp.shutdown();
        System.exit(0);
    }

    static Outcome run(StreamClients.Client client, Scenario scenario, String url) {
        StreamReaders.Held held = new StreamReaders.Held();
        String note = "";
        try {
            try (StreamClients.Lines lines = client.post(url, scenario.requestJson())) {
                return scenario.protocol == Scenario.Protocol.OPENAI
                        ? StreamReaders.openAi(lines, scenario.tools, held)
                        : StreamReaders.anthropic(lines, scenario.tools, held);
            } finally {
                if (scenario == Scenario.RUNAWAY) {
                    note = "the application held " + StreamReaders.mib(held.chars);
                }
            }
        } catch (OutOfMemoryError e) {
            // Everything the stream had built up is unreachable once the reader's frames are gone.
            return new Outcome(Outcome.Kind.OOM, "OutOfMemoryError (-Xmx" + Demo.CHILD_HEAP + ") with "
                    + held.describe() + " held", "");
        } catch (IOException e) {
            return new Outcome(Outcome.Kind.FAILURE, String.valueOf(e.getMessage()), note);
        } catch (UncheckedIOException e) {
            return new Outcome(Outcome.Kind.FAILURE, String.valueOf(e.getCause().getMessage()), note);
        } catch (Json.Invalid e) {
            return new Outcome(Outcome.Kind.ERROR, "a chunk that is not JSON: " + e.getMessage(), note);
        } catch (RuntimeException | StackOverflowError e) {
            return new Outcome(Outcome.Kind.ERROR, e.getClass().getSimpleName() + ": " + e.getMessage(), note);
        }
    }
}
