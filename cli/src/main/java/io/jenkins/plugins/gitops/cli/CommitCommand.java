package io.jenkins.plugins.gitops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jenkins.plugins.gitops.core.change.Change;
import io.jenkins.plugins.gitops.core.change.CopyManifests;
import io.jenkins.plugins.gitops.core.change.KustomizeImage;
import io.jenkins.plugins.gitops.core.change.Manifest;
import io.jenkins.plugins.gitops.core.change.RemoveFile;
import io.jenkins.plugins.gitops.core.change.YamlValue;
import io.jenkins.plugins.gitops.core.edit.ValueType;
import io.jenkins.plugins.gitops.core.git.CommitRequest;
import io.jenkins.plugins.gitops.core.git.CommitResult;
import io.jenkins.plugins.gitops.core.git.GitopsCommitter;
import io.jenkins.plugins.gitops.core.git.TransactionListener;
import io.jenkins.plugins.gitops.core.pr.PullRequestCommitter;
import io.jenkins.plugins.gitops.core.git.Identity;
import io.jenkins.plugins.gitops.core.git.SourceCommits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code gitops commit}: one transaction of declarative changes, as the {@code gitopsCommit} step makes it. Secrets
 * come from environment variables only, never from arguments (which other users can see in the process list).
 */
@Command(name = "commit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Apply declarative changes to a config repository, commit and push them.",
                "Credentials come from the environment: GITOPS_USERNAME with GITOPS_PASSWORD (or GITOPS_TOKEN) for HTTPS;"
                        + " GITOPS_SSH_KEY_FILE (or GITOPS_SSH_KEY) with GITOPS_SSH_PASSPHRASE for SSH.",
                "Prints the result as JSON on standard output and the progress on standard error."})
final class CommitCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    private final Map<String, String> env;

    CommitCommand(Map<String, String> env) {
        this.env = env;
    }

    @Option(names = "--repo", required = true, paramLabel = "URL", description = "Config repository URL.")
    private String repo;

    @Option(names = "--branch", description = "Branch (default: the remote's default branch).")
    private String branch;

    @Option(names = "--start-from", paramLabel = "BRANCH",
            description = "When --branch does not exist yet, create it from BRANCH (default: the remote's default branch).")
    private String startFrom;

    @Option(names = {"-m", "--message"}, description = "Commit message; trailers are added.")
    private String message;

    static final class YamlValueArgs {
        @Option(names = "--yaml-value", arity = "3", paramLabel = "ARG",
                description = "FILE PATH VALUE: set one value in a YAML or JSON file; FILE#kind=Deployment,name=web "
                        + "picks one document of a multi-document file.")
        String[] values;

        @Option(names = "--yaml-number", arity = "3", paramLabel = "ARG",
                description = "FILE PATH NUMBER: as --yaml-value, written as an unquoted number (spec.replicas 3).")
        String[] numbers = new String[0];

        @Option(names = "--yaml-boolean", arity = "3", paramLabel = "ARG",
                description = "FILE PATH true|false: as --yaml-value, written as an unquoted boolean.")
        String[] booleans = new String[0];

        @Option(names = "--yaml-string", arity = "3", paramLabel = "ARG",
                description = "FILE PATH TEXT: as --yaml-value, always written as text (quoted when it would read as a number).")
        String[] strings = new String[0];
    }

    static final class KustomizeImageArgs {
        @Option(names = "--kustomize-image", arity = "2", required = true, paramLabel = "ARG",
                description = "FILE IMAGE: as 'kustomize edit set image IMAGE', e.g. web=registry/web:1.2 or registry/web@sha256:...")
        String[] values;
    }

    static final class ManifestArgs {
        @Option(names = "--manifest", arity = "2", required = true, paramLabel = "ARG",
                description = "FILE LOCAL_FILE: write FILE with LOCAL_FILE's text.")
        String[] values;
    }

    static final class CopyArgs {
        @Option(names = "--copy", arity = "2", required = true, paramLabel = "ARG",
                description = "FROM TO: make repository folder TO mirror local folder FROM.")
        String[] values;
    }

    @ArgGroup(exclusive = false, multiplicity = "0..*")
    private List<YamlValueArgs> yamlValues = new ArrayList<>();

    @ArgGroup(exclusive = false, multiplicity = "0..*")
    private List<KustomizeImageArgs> kustomizeImages = new ArrayList<>();

    @ArgGroup(exclusive = false, multiplicity = "0..*")
    private List<ManifestArgs> manifests = new ArrayList<>();

    @ArgGroup(exclusive = false, multiplicity = "0..*")
    private List<CopyArgs> copies = new ArrayList<>();

    @Option(names = "--remove", paramLabel = "FILE", description = "Remove a file.")
    private List<String> removals = new ArrayList<>();

    @Option(names = "--source-commit", paramLabel = "SHA", description = "Application commit, for Argocd-reference-commit-* trailers.")
    private String sourceCommit;

    @Option(names = "--source-repo", paramLabel = "URL", description = "Application repository of --source-commit.")
    private String sourceRepo;

    @Option(names = "--change-id", description = "Idempotency key: a repeat with the same key finds the earlier commit.")
    private String changeId;

    @Option(names = "--skip-ci", description = "Add [skip ci] to the subject.")
    private boolean skipCi;

    @Option(names = "--dry-run", description = "Show the diff; commit and push nothing.")
    private boolean dryRun;

    @picocli.CommandLine.ArgGroup(exclusive = false, heading = "Pull request:%n")
    private PullRequestOptions pullRequest;

    @picocli.CommandLine.Mixin
    private CommitterOptions committing = new CommitterOptions();

    @picocli.CommandLine.Mixin
    private SigningOptions signing = new SigningOptions();

    @Override
    public Integer call() throws IOException {
        List<Change> changes = changes();
        if (changes.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no change given: use --yaml-value, --kustomize-image, "
                    + "--manifest, --copy or --remove");
        }
        io.jenkins.plugins.gitops.core.sign.CommitSigner signer = signing.signer(env);
        CommitRequest request = committing.applyTo(CommitRequest.builder(repo), spec.commandLine(), env, "gitops commit")
                .branch(branch)
                .startFrom(startFrom)
                .message(message)
                .changes(changes)
                .source(SourceCommits.read(Path.of("."), sourceRepo, sourceCommit))
                .idempotencyKey(changeId)
                .skipCi(skipCi)
                .dryRun(dryRun)
                .signer(signer)
                .build();
        GitopsCommitter committer = new GitopsCommitter(committing.cacheRoot());
        TransactionListener log = line -> spec.commandLine().getErr().println(line);
        CommitResult result;
        Map<String, Object> out;
        if (pullRequest != null && pullRequest.enabled) {
            PullRequestCommitter.Result landed = new PullRequestCommitter(committer).commit(request,
                    pullRequest.spec(message), pullRequest.host(repo, env, java.time.Duration.ofSeconds(30)), log);
            result = landed.commit();
            out = json(result);
            out.put("pullRequest", landed.pullRequest() == null ? null : PullRequestOptions.json(landed.pullRequest()));
        } else {
            result = committer.commit(request, log);
            out = json(result);
        }
        out.put("signed", signer != null && result.created());
        out.put("signingKey", signer == null ? null : signer.fingerprint());
        out.put("signingFormat", signer == null ? null : signer.format());
        if (!result.diff().isEmpty()) {
            spec.commandLine().getErr().print(result.diff());
            spec.commandLine().getErr().flush();
        }
        spec.commandLine().getOut().println(new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(out));
        return ExitCodes.DONE;
    }

    /** FILE PATH VALUE triples; FILE#kind=...,name=... selects a document. */
    private void addYamlValues(List<Change> changes, String[] triples, ValueType type) {
        for (int i = 0; triples != null && i + 2 < triples.length; i += 3) {
            String file = triples[i];
            int hash = file.indexOf('#');
            changes.add(hash < 0
                    ? new YamlValue(file, triples[i + 1], triples[i + 2], Map.of(), type)
                    : new YamlValue(file.substring(0, hash), triples[i + 1], triples[i + 2],
                            selector(file.substring(hash + 1)), type));
        }
    }

    private List<Change> changes() throws IOException {
        List<Change> changes = new ArrayList<>();
        for (YamlValueArgs a : yamlValues) {
            addYamlValues(changes, a.values, ValueType.AUTO);
            addYamlValues(changes, a.numbers, ValueType.NUMBER);
            addYamlValues(changes, a.booleans, ValueType.BOOLEAN);
            addYamlValues(changes, a.strings, ValueType.STRING);
        }
        for (KustomizeImageArgs a : kustomizeImages) {
            for (int i = 0; i + 1 < a.values.length; i += 2) {
                changes.add(ImageSpec.parse(a.values[i + 1]).toChange(a.values[i]));
            }
        }
        for (ManifestArgs a : manifests) {
            for (int i = 0; i + 1 < a.values.length; i += 2) {
                changes.add(new Manifest(a.values[i], Files.readString(Path.of(a.values[i + 1]), StandardCharsets.UTF_8)));
            }
        }
        for (CopyArgs a : copies) {
            for (int i = 0; i + 1 < a.values.length; i += 2) {
                changes.add(new CopyManifests(Path.of(a.values[i]).toAbsolutePath().normalize(), a.values[i + 1]));
            }
        }
        for (String r : removals) {
            changes.add(new RemoveFile(r));
        }
        return changes;
    }

    private Map<String, String> selector(String text) {
        Map<String, String> selector = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new ParameterException(spec.commandLine(), "--yaml-value selector '" + text
                        + "': expected key=value pairs separated by commas, such as kind=Deployment,name=web");
            }
            selector.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
        return selector;
    }

    /** {@code --author 'Name <email>'}. */
    static Identity identity(picocli.CommandLine line, String text) {
        int lt = text.indexOf('<');
        int gt = text.lastIndexOf('>');
        if (lt < 0 || gt < lt) {
            throw new ParameterException(line, "--author '" + text + "': expected 'Name <email>'");
        }
        return new Identity(text.substring(0, lt).trim(), text.substring(lt + 1, gt).trim());
    }

    private static Map<String, Object> json(CommitResult r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("commit", r.commit());
        out.put("changed", r.changed());
        out.put("created", r.created());
        out.put("repository", r.repository());
        out.put("branch", r.branch());
        out.put("files", r.files());
        out.put("attempts", r.attempts());
        out.put("dryRun", r.dryRun());
        out.put("alreadyPresent", r.alreadyPresent());
        out.put("warnings", r.warnings());
        List<Map<String, Object>> replaced = new ArrayList<>();
        for (io.jenkins.plugins.gitops.core.change.Replaced v : r.replaced()) {
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("file", v.file());
            value.put("path", v.path());
            if (!v.document().isEmpty()) value.put("document", v.document());
            value.put("was", v.was());
            value.put("now", v.now());
            replaced.add(value);
        }
        out.put("replaced", replaced);
        return out;
    }

    /** An image reference as {@code kustomize edit set image} takes it. */
    record ImageSpec(String name, String newName, String newTag, String digest) {
        static ImageSpec parse(String spec) {
            String name = null;
            String ref = spec;
            int eq = spec.indexOf('=');
            if (eq >= 0) {
                name = spec.substring(0, eq);
                ref = spec.substring(eq + 1);
            }
            String digest = null;
            int at = ref.indexOf('@');
            if (at >= 0) {
                digest = ref.substring(at + 1);
                ref = ref.substring(0, at);
            }
            String tag = null;
            int colon = ref.lastIndexOf(':');
            if (colon > ref.lastIndexOf('/')) {
                tag = ref.substring(colon + 1);
                ref = ref.substring(0, colon);
            }
            if (ref.isEmpty() || (name != null && name.isEmpty())) {
                throw new IllegalArgumentException("--kustomize-image '" + spec + "': expected NAME[=NEW_NAME][:TAG][@DIGEST]");
            }
            return name == null ? new ImageSpec(ref, null, tag, digest) : new ImageSpec(name, ref.equals(name) ? null : ref, tag, digest);
        }

        KustomizeImage toChange(String file) {
            if (newName == null && newTag == null && digest == null) {
                throw new IllegalArgumentException("--kustomize-image " + file + " " + name + ": give a new name, tag or digest");
            }
            return new KustomizeImage(file, name, newName, newTag, digest);
        }
    }
}
