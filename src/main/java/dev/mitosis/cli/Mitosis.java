package dev.mitosis.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * mitosis: sandboxes of mitosisd processes, the topology as a tree, replicas added by clone or
 * incrementally, repointing, cross-node verification and the chain-by-clone demo.
 */
@Command(name = "mitosis", mixinStandardHelpOptions = true, version = "mitosis 0.1.0",
        description = "Deploy, grow, inspect and verify Mitosis replication topologies (chains and stars).",
        footerHeading = "%nExamples:%n",
        footer = {"  mitosis demo                          # a -> b, then c cloned from b, verified",
                "  mitosis sandbox deploy --topology chain --nodes 3",
                "  mitosis status",
                "  mitosis add-replica --from mysql-c",
                "  mitosis verify",
                "  mitosis sql mysql-a -e 'SHOW DATABASES'",
                "",
                "The sandbox home is ./sandbox unless --home or MITOSIS_SANDBOX_HOME says otherwise."})
public final class Mitosis implements Callable<Integer> {
    private final Ctx ctx;

    Mitosis(Ctx ctx) {
        this.ctx = ctx;
    }

    /** What every command shares: output streams and colors. */
    static final class Ctx {
        final PrintStream out;
        final PrintStream err;
        boolean color;

        Ctx(PrintStream out, PrintStream err, boolean color) {
            this.out = out;
            this.err = err;
            this.color = color;
        }

        Term term() {
            return new Term(out, err, color);
        }
    }

    /** Options every command takes. */
    static final class Common {
        @Option(names = "--home", paramLabel = "DIR",
                description = "Sandbox home (default: $MITOSIS_SANDBOX_HOME or ./sandbox).")
        Path home;

        @Option(names = "--no-color", description = "Plain output even on a terminal.")
        boolean noColor;

        Path home() {
            return home != null ? home : Sandbox.defaultHome();
        }
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(ctx.out);
        return 0;
    }

    public static void main(String[] args) {
        boolean color = Term.colorTerminal();
        int code = run(args, System.out, System.err, color);
        System.out.flush();
        System.exit(code);
    }

    /** Runs one command line; the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err, boolean color) {
        Ctx ctx = new Ctx(out, err, color);
        CommandLine cl = commandLine(ctx);
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(color ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof CliException c) {
                err.println(ctx.term().red("mitosis: ") + c.getMessage());
                err.flush();
                return c.exitCode;
            }
            err.println("mitosis: " + e);
            e.printStackTrace(err);
            return 70;
        });
        return cl.execute(args);
    }

    static CommandLine commandLine(Ctx ctx) {
        CommandLine cl = new CommandLine(new Mitosis(ctx));
        CommandLine sandbox = new CommandLine(new SandboxCommands(ctx));
        sandbox.addSubcommand(new SandboxCommands.Deploy(ctx));
        sandbox.addSubcommand(new SandboxCommands.List(ctx));
        sandbox.addSubcommand(new SandboxCommands.Start(ctx));
        sandbox.addSubcommand(new SandboxCommands.Stop(ctx));
        sandbox.addSubcommand(new SandboxCommands.Destroy(ctx));
        cl.addSubcommand(sandbox);
        cl.addSubcommand(new StatusCommand(ctx));
        cl.addSubcommand(new AddReplicaCommand(ctx));
        cl.addSubcommand(new RepointCommand(ctx));
        cl.addSubcommand(new VerifyCommand(ctx));
        cl.addSubcommand(new SqlCommand(ctx));
        cl.addSubcommand(new DemoCommand(ctx));
        return cl;
    }

    /** Applies --no-color. */
    static Term term(Ctx ctx, Common common) {
        if (common.noColor) ctx.color = false;
        return ctx.term();
    }
}
