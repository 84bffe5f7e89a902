package dev.panamax.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "demo")
final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    PanamaxCommand root;

    @Override
    public Integer call() {
        return 0;
    }
}
