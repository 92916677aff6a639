package cn.tuoyu.sentinel.jobs.cli;

import cn.tuoyu.sentinel.dashboard.Role;
import cn.tuoyu.sentinel.dashboard.User;
import cn.tuoyu.sentinel.dashboard.UserStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sentinel users add|list|remove|token}: the dashboard's users file. */
@Command(
    name = "users",
    mixinStandardHelpOptions = true,
    description = "Manage dashboard users (passwords from stdin, stored as BCrypt hashes).",
    subcommands = {
      UsersCommand.Add.class,
      UsersCommand.ListUsers.class,
      UsersCommand.Remove.class,
      UsersCommand.Token.class
    })
final class UsersCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "give a subcommand: add, list, remove or token");
  }

  static final class FileOption {
    @Option(
        names = "--users",
        paramLabel = "FILE",
        description = "Users file (default: .sentinel/users.json).")
    Path file;

    UserStore store() {
      return UserStore.open(file != null ? file : UsersFile.defaultFile());
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = {
        "Add a user; the password is read from stdin (one line, at least 8 characters).",
        "Roles: operator (--scope region prefix 32 / 3204 / 320402, --agency police|health),",
        "institution (--scope institutionId), analyst, admin."
      })
  static final class Add implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @CommandLine.Mixin FileOption file;

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--role", required = true, paramLabel = "ROLE")
    String role;

    @Option(names = "--scope", defaultValue = "", paramLabel = "SCOPE")
    String scope;

    @Option(names = "--agency", paramLabel = "police|health")
    String agency;

    @Override
    public Integer call() throws IOException {
      Role r;
      try {
        r = Role.parse(role);
        User.validate(name, r, scope, agency);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      String password =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (password == null) {
        throw new CliException(
            "no password on stdin: echo 'the-password' | bin/sentinel users add …");
      }
      try {
        UserStore store = file.store();
        store.add(name, r, scope, r == Role.OPERATOR ? agency : null, password.toCharArray());
        spec.commandLine()
            .getErr()
            .println(
                "✔ user "
                    + name
                    + " ("
                    + r.label()
                    + (scope.isEmpty() ? "" : " " + scope)
                    + ") added to "
                    + store.file());
      } catch (IllegalArgumentException e) {
        throw new CliException(e.getMessage());
      }
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List users (no secrets).")
  static final class ListUsers implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @CommandLine.Mixin FileOption file;

    @Override
    public Integer call() {
      var out = spec.commandLine().getOut();
      for (User u : file.store().all()) {
        out.printf(
            "%-20s %-12s %-14s %-7s %d token(s)%n",
            u.username(),
            u.role().label(),
            u.scope(),
            u.agency() == null ? "" : u.agency(),
            u.tokens().size());
      }
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = "Remove a user (their sessions and tokens stop working).")
  static final class Remove implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @CommandLine.Mixin FileOption file;

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      if (!file.store().remove(name)) {
        throw new CliException("no user " + name + " (bin/sentinel users list)");
      }
      spec.commandLine().getErr().println("✔ user " + name + " removed");
      return 0;
    }
  }

  @Command(
      name = "token",
      mixinStandardHelpOptions = true,
      description =
          "Create a bearer token for a machine client (printed once; Authorization: Bearer <token>).")
  static final class Token implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @CommandLine.Mixin FileOption file;

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      try {
        spec.commandLine().getOut().println(file.store().newToken(name));
        spec.commandLine().getOut().flush();
      } catch (IllegalArgumentException e) {
        throw new CliException(e.getMessage() + " (bin/sentinel users list)");
      }
      return 0;
    }
  }
}
