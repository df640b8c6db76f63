package dev.mitosis.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "add-replica", mixinStandardHelpOptions = true, description = "TODO")
final class AddReplicaCommand implements Callable<Integer> {
    private final Mitosis.Ctx ctx;

    AddReplicaCommand(Mitosis.Ctx ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ctx.err.println("not yet");
        return 1;
    }
}
