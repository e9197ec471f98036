package io.jenkins.plugins.gitops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gitops.core.change.Undo;
import io.jenkins.plugins.gitops.core.git.CommitRequest;
import io.jenkins.plugins.gitops.core.git.TransactionListener;
import io.jenkins.plugins.gitops.core.revert.RevertRequest;
import io.jenkins.plugins.gitops.core.revert.RevertResult;
import io.jenkins.plugins.gitops.core.revert.Reverter;
import io.jenkins.plugins.gitops.core.sign.CommitSigner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gitops revert}: undoes one commit on the branch's current tip, restoring what it replaced only where nobody
 * changed it since, as {@code gitopsRevert} does. Credentials come from the environment, as for {@code gitops commit}.
 */
@Command(name = "revert", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Revert one commit of a config repository without undoing anyone else's work: what it replaced",
                "is restored where the files or values still hold what it wrote; the rest is reported and left.",
                "Credentials come from the environment, as for 'gitops commit'.",
                "Prints the result as JSON on standard output and the progress on standard error."})
final class RevertCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    private final Map<String, String> env;

    RevertCommand(Map<String, String> env) {
        this.env = env;
    }

    static final class Which {
        @Option(names = "--commit", paramLabel = "SHA", required = true, description = "The commit to revert.")
        String sha;

        @Option(names = "--change-id", paramLabel = "ID", required = true,
                description = "The commit to revert, by its Gitops-Change-Id (what 'gitops commit --change-id' gave).")
        String changeId;
    }

    @Option(names = "--repo", required = true, paramLabel = "URL", description = "Config repository URL.")
    private String repo;

    @Option(names = "--branch", description = "Branch (default: the remote's default branch).")
    private String branch;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Which which;

    @Option(names = "--partial", paramLabel = "fail|allow", defaultValue = "fail",
            description = "When someone changed some of what the commit wrote: fail and change nothing (default), or"
                    + " allow: restore the rest.")
    private String partial;

    @Option(names = {"-m", "--message"}, description = "Commit message (default: Revert \"<subject>\"); trailers are added.")
    private String message;

    @picocli.CommandLine.Mixin
    private CommitterOptions committing = new CommitterOptions();

    @picocli.CommandLine.Mixin
    private SigningOptions signing = new SigningOptions();

    @Override
    public Integer call() throws IOException {
        if (!partial.equals("fail") && !partial.equals("allow")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--partial '" + partial + "': expected fail or allow");
        }
        CommitSigner signer = signing.signer(env);
        CommitRequest base = committing.applyTo(CommitRequest.builder(repo), spec.commandLine(), env, "gitops revert")
                .branch(branch)
                .signer(signer)
                .build();
        TransactionListener log = line -> spec.commandLine().getErr().println(line);
        RevertResult result = new Reverter(committing.cacheRoot()).revert(
                new RevertRequest(base, which.sha, which.changeId, partial.equals("allow"), message), log);
        if (!result.commit().diff().isEmpty()) {
            spec.commandLine().getErr().print(result.commit().diff());
            spec.commandLine().getErr().flush();
        }
        Map<String, Object> out = json(result);
        out.put("signed", signer != null && result.created());
        spec.commandLine().getOut().println(new ObjectMapper().writeValueAsString(out));
        return ExitCodes.DONE;
    }

    static Map<String, Object> json(RevertResult r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("reverted", r.reverted());
        out.put("commit", r.commit().commit());
        out.put("created", r.created());
        out.put("alreadyReverted", r.revertedBy() != null);
        out.put("revertedBy", r.revertedBy());
        out.put("partial", r.partial());
        out.put("restored", r.restored());
        List<Map<String, String>> kept = new ArrayList<>();
        for (Undo.Kept k : r.kept()) kept.add(Map.of("file", k.file(), "path", k.path(), "reason", k.reason()));
        out.put("kept", kept);
        out.put("alreadyUndone", r.alreadyUndone());
        out.put("repository", r.commit().repository());
        out.put("branch", r.commit().branch());
        out.put("attempts", r.commit().attempts());
        return out;
    }
}
