package io.jenkins.plugins.gitops.core.wait.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@link BenchSimulators} started as a child JVM on this classpath, and the line protocol to drive it. */
final class SimulatorProcess implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;
    final String argoUrl;
    final String kubeUrl;

    SimulatorProcess(Path dir, int argocd, int flux, int rollouts, int spreadSeconds, long stepMillis) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BenchSimulators.class.getName(),
                "--dir", dir.toString(), "--argocd", Integer.toString(argocd), "--flux", Integer.toString(flux),
                "--rollouts", Integer.toString(rollouts), "--spread-seconds", Integer.toString(spreadSeconds),
                "--step-millis", Long.toString(stepMillis)));
        process = new ProcessBuilder(command).redirectError(dir.resolve("simulators.log").toFile()).start();
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        String ready = expect("READY ");
        argoUrl = ready.replaceAll(".* argocd=(\\S+).*", "$1");
        kubeUrl = ready.replaceAll(".* kube=(\\S+).*", "$1");
    }

    /** Pushes our commit (and changes every Deployment); returns the commit id. */
    String commit() throws IOException {
        in.println("COMMIT");
        return expect("COMMIT ").substring("COMMIT ".length());
    }

    /** Starts the controllers; targets turn healthy from now on. */
    void go() throws IOException {
        in.println("GO");
        expect("GOING");
    }

    JsonNode report() throws IOException {
        in.println("REPORT");
        return new ObjectMapper().readTree(expect("{"));
    }

    private String expect(String prefix) throws IOException {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new IOException("the simulator process ended before it printed '" + prefix + "'; see simulators.log");
    }

    @Override
    public void close() throws InterruptedException {
        in.println("QUIT");
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
