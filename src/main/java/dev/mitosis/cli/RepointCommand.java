package dev.mitosis.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "repoint", mixinStandardHelpOptions = true, description = "TODO")
final class RepointCommand implements Callable<Integer> {
    private final Mitosis.Ctx ctx;

    RepointCommand(Mitosis.Ctx ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ctx.err.println("not yet");
        return 1;
    }
}
