package dev.livemig.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Files the CLI writes: whole or not at all (written aside, then moved into place), never leaving
 * the file aside behind, with the permissions the user's umask gives a new file (not the 0600 of
 * a temporary file).
 */
final class Output {
  private Output() {}

  /** Writes the text to {@code target}. */
  static void write(Path target, String text) throws ErrorHandler.UserError {
    Aside a = aside(target);
    try {
      Files.writeString(a.tmp(), text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      a.discard();
      throw new ErrorHandler.UserError("cannot write " + target + ": " + e.getMessage());
    }
    a.commit();
  }

  /** What writes a file's content, streaming. */
  interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Streams the content to {@code target} (never held whole in memory), with the same guarantees. */
  static void write(Path target, Content content) throws ErrorHandler.UserError {
    Aside a = aside(target);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(a.tmp()), 1 << 16)) {
      content.writeTo(out);
    } catch (IOException e) {
      a.discard();
      throw new ErrorHandler.UserError("cannot write " + target + ": " + e.getMessage());
    }
    a.commit();
  }

  /** A file beside the target, to be moved into place ({@link #commit}) or deleted ({@link #discard}). */
  record Aside(Path target, Path tmp) {
    Writer writer() throws IOException {
      return Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
    }

    void commit() throws ErrorHandler.UserError {
      try {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        discard();
        throw new ErrorHandler.UserError("cannot write " + target + ": " + e.getMessage());
      }
    }

    void discard() {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // nothing more to do: the error that brought us here is reported
      }
    }
  }

  /**
   * A new empty file beside {@code target}, created with the default permissions (the umask
   * applies). A target that is a directory is refused before anything is created.
   */
  static Aside aside(Path target) throws ErrorHandler.UserError {
    if (Files.isDirectory(target)) throw new ErrorHandler.UserError("cannot write " + target + ": it is a directory");
    try {
      Path dir = target.toAbsolutePath().getParent();
      if (dir != null) Files.createDirectories(dir);
      for (int attempt = 0; ; attempt++) {
        // Machinery, not the model: a name no other writer uses.
        Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
          Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
          return new Aside(target, tmp);
        } catch (FileAlreadyExistsException e) {
          if (attempt > 100) throw e;
        }
      }
    } catch (IOException e) {
      throw new ErrorHandler.UserError("cannot write " + target + ": " + e.getMessage());
    }
  }
}
