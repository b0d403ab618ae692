package dev.trainplan.cli;

import dev.trainplan.engine.time.Calibration;
import dev.trainplan.formats.CalibrationFile;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --calibration FILE.yaml}: step-model coefficients other than the built-in fit, for the commands that predict time. */
public final class CalibrationOption {
    @Option(names = "--calibration", paramLabel = "FILE.yaml", description = "Step-model coefficients to use instead of the built-in fit.")
    Path file;

    /** The coefficients in force: the file's, or the built-in fit. */
    Calibration calibration() {
        return file == null ? CalibrationFile.builtIn() : read(file);
    }

    static Calibration read(Path file) {
        try (Reader in = Files.newBufferedReader(file)) {
            return CalibrationFile.read(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new UserInputException("calibration file " + file + " does not exist; give a file written by 'trainplan calibrate --write'.");
        } catch (IOException e) {
            throw new UserInputException("could not read calibration file " + file + ": " + e.getMessage() + ".");
        }
    }
}
