package dev.trainplan.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine is pure: java.base only, no I/O, no clocks, no other trainplan module. This reads the
 * engine's sources and its pom, so a violation fails the build with the file and line that broke it.
 */
class EngineIsPureTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final List<Pattern> FORBIDDEN = List.of(
            Pattern.compile("\\bjava\\.io\\b"),
            Pattern.compile("\\bjava\\.nio\\b"),
            Pattern.compile("\\bjava\\.net\\b"),
            Pattern.compile("\\bjava\\.sql\\b"),
            Pattern.compile("\\bjava\\.time\\.(Clock|Instant|LocalDate|LocalDateTime|ZonedDateTime)\\b"),
            Pattern.compile("\\bjava\\.util\\.logging\\b"),
            Pattern.compile("\\bjava\\.util\\.Random\\b"),
            Pattern.compile("\\bSystem\\.(out|err|in|currentTimeMillis|nanoTime|getenv|getProperty|exit)\\b"),
            Pattern.compile("\\bThread\\.sleep\\b"),
            Pattern.compile("\\bRuntime\\.getRuntime\\(\\)\\.exec\\b"),
            Pattern.compile("\\bdev\\.trainplan\\.(formats|cli|catalog|bench)\\b"),
            Pattern.compile("^\\s*import\\s+(?!java\\.|dev\\.trainplan\\.engine\\.|static java\\.|static dev\\.trainplan\\.engine\\.)", Pattern.MULTILINE));

    @Test
    void engineSources_useNoIoClockOrOtherModule() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    String code = line.strip().startsWith("*") || line.strip().startsWith("//") ? "" : line;
                    for (Pattern p : FORBIDDEN) {
                        if (p.matcher(code).find()) {
                            violations.add(file + ":" + (i + 1) + ": " + line.strip());
                        }
                    }
                }
            }
        }
        assertThat(violations).as("engine must stay pure").isEmpty();
    }

    @Test
    void enginePom_hasNoCompileDependencies() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        assertThat(pom).doesNotContain("<dependencies>");
    }

    @Test
    void ruleItself_catchesAForbiddenImport() {
        String bad = "import java.io.File;";
        assertThat(FORBIDDEN.stream().anyMatch(p -> p.matcher(bad).find())).isTrue();
        assertThat(FORBIDDEN.stream().anyMatch(p -> p.matcher("import java.util.List;").find())).isFalse();
        assertThat(FORBIDDEN.stream().anyMatch(p -> p.matcher("import tools.jackson.databind.JsonNode;").find())).isTrue();
    }
}
