package dev.livemig.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Files the CLI writes: whole or not at all (written aside, then moved into place). */
final class Output {
  private Output() {}

  static void write(Path target, String text) throws ErrorHandler.UserError {
    try {
      Path dir = target.toAbsolutePath().getParent();
      if (dir != null) Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".livemig", ".tmp");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new ErrorHandler.UserError("cannot write " + target + ": " + e.getMessage());
    }
  }
}
