package io.jenkins.plugins.gitops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** One {@code gitops} run in this JVM: exit code, standard output and standard error. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = GitopsCli.run(new PrintWriter(out, true), new PrintWriter(err, true), env, args);
        return new CliRun(code, out.toString(), err.toString());
    }

    JsonNode json() throws IOException {
        return new ObjectMapper().readTree(out);
    }

    /** Everything printed, for checks that a secret never appears. */
    String all() {
        return out + err;
    }
}
