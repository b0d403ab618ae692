package dev.trainplan.formats;

import dev.trainplan.engine.hardware.Accelerator;
import dev.trainplan.engine.hardware.Confidence;
import dev.trainplan.engine.hardware.DensePeaks;
import dev.trainplan.engine.hardware.Fabric;
import dev.trainplan.engine.hardware.ScaleUpLink;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The accelerators and scale-out fabrics of the catalog ({@code accelerators.csv}, {@code fabrics.csv},
 * in the units their sources print: TFLOP/s, GB, TB/s, GB/s, Gb/s, W, µs), converted to engine records
 * in bytes, bytes per second, FLOP/s and seconds. Vendor "GB" of device memory is read as GiB
 * (hardware-notes §3). An empty cell means not published: 0 for bandwidths, peaks and power; a missing
 * per-peer scale-up figure means a switched fabric (the all-to-all figure).
 */
public final class HardwareCatalog {
    private static final String RESOURCES = "/dev/trainplan/catalog/";
    private static final double TERA = 1e12;
    private static final double GIGA = 1e9;
    private static final double GIGABIT_BYTES = 1e9 / 8;
    private static final double GIB = 1L << 30;
    private static final List<String> ACCELERATOR_COLUMNS = List.of("id", "accelerator", "vendor", "form_factor", "fp32_tflops_vector",
            "tf32_tflops_dense", "bf16_tflops_dense", "fp16_tflops_dense", "fp8_tflops_dense", "fp4_tflops_dense", "memory_capacity",
            "memory_unit_as_published", "usable_memory_gib", "memory_type", "mem_bw_TBps", "scale_up_link", "scale_up_GBps_unidir",
            "scale_up_GBps_bidir", "scale_up_GBps_unidir_per_peer", "scale_up_domain_accels", "typical_accels_per_node",
            "scaleout_Gbps_per_accel_typical", "host_pcie_GBps_unidir", "tdp_w", "compute_units", "confidence", "source", "notes");
    private static final List<String> FABRIC_COLUMNS = List.of("id", "name", "gbps_per_device", "latency_us", "source");

    private final List<Accelerator> accelerators;
    private final List<Fabric> fabrics;

    private HardwareCatalog(List<Accelerator> accelerators, List<Fabric> fabrics) {
        this.accelerators = List.copyOf(accelerators);
        this.fabrics = List.copyOf(fabrics);
    }

    /** The catalog shipped in the trainplan-catalog jar, read once. */
    public static HardwareCatalog builtIn() {
        return BuiltIn.CATALOG;
    }

    /** A catalog from other files with the same columns (tests, a user's own hardware). */
    public static HardwareCatalog read(Reader accelerators, String acceleratorsSource, Reader fabrics, String fabricsSource) throws IOException {
        List<Accelerator> a = convert(Csv.read(accelerators, acceleratorsSource, ACCELERATOR_COLUMNS), HardwareCatalog::accelerator);
        List<Fabric> f = convert(Csv.read(fabrics, fabricsSource, FABRIC_COLUMNS), HardwareCatalog::fabric);
        requireUniqueIds(acceleratorsSource, a, Accelerator::id);
        requireUniqueIds(fabricsSource, f, Fabric::id);
        return new HardwareCatalog(a, f);
    }

    public List<Accelerator> accelerators() {
        return accelerators;
    }

    public List<Fabric> fabrics() {
        return fabrics;
    }

    /** By id or display name, any case; an unknown one is an error listing the ids. */
    public Accelerator accelerator(String idOrName) {
        return accelerator("accelerator", idOrName);
    }

    /** As {@link #accelerator(String)}, with {@code field} (e.g. an option name) naming the input in the error. */
    public Accelerator accelerator(String field, String idOrName) {
        return find(accelerators, Accelerator::id, Accelerator::name, field, idOrName);
    }

    public Fabric fabric(String idOrName) {
        return fabric("fabric", idOrName);
    }

    public Fabric fabric(String field, String idOrName) {
        return find(fabrics, Fabric::id, Fabric::name, field, idOrName);
    }

    private static <T> T find(List<T> items, Function<T, String> id, Function<T, String> name, String what, String text) {
        String wanted = text == null ? "" : text.strip();
        String slug = wanted.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        for (T item : items) {
            if (id.apply(item).equals(slug) || name.apply(item).equalsIgnoreCase(wanted)) {
                return item;
            }
        }
        String valid = items.stream().map(id).collect(Collectors.joining(", "));
        throw new IllegalArgumentException(what + " '" + wanted + "' is not in the catalog; valid ids are " + valid + ".");
    }

    private static <T> List<T> convert(List<CsvRow> rows, Function<CsvRow, T> converter) {
        List<T> out = new ArrayList<>(rows.size());
        for (CsvRow row : rows) {
            try {
                out.add(converter.apply(row));
            } catch (IllegalArgumentException e) {
                if (e.getMessage() != null && e.getMessage().startsWith(row.source() + " line ")) {
                    throw e;
                }
                throw new IllegalArgumentException(row.source() + " line " + row.line() + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static <T> void requireUniqueIds(String source, List<T> items, Function<T, String> id) {
        Set<String> seen = new HashSet<>();
        for (T item : items) {
            if (!seen.add(id.apply(item))) {
                throw new IllegalArgumentException(source + " lists the id " + id.apply(item) + " twice; ids must be unique.");
            }
        }
    }

    private static Accelerator accelerator(CsvRow row) {
        DensePeaks peaks = new DensePeaks(row.number("fp32_tflops_vector", 0) * TERA, row.number("tf32_tflops_dense", 0) * TERA,
                row.number("bf16_tflops_dense", 0) * TERA, row.number("fp16_tflops_dense", 0) * TERA,
                row.number("fp8_tflops_dense", 0) * TERA, row.number("fp4_tflops_dense", 0) * TERA);
        double memoryGib = row.number("memory_capacity");
        long memoryBytes = Math.round(memoryGib * GIB);
        long usableBytes = Math.round(row.number("usable_memory_gib", memoryGib) * GIB);
        double scaleUp = row.number("scale_up_GBps_unidir", 0) * GIGA;
        ScaleUpLink link = new ScaleUpLink(row.text("scale_up_link"), scaleUp, row.number("scale_up_GBps_unidir_per_peer", scaleUp / GIGA) * GIGA,
                row.wholeNumber("scale_up_domain_accels"));
        return new Accelerator(row.text("id"), row.text("accelerator"), row.text("vendor"), peaks, memoryBytes, usableBytes,
                row.number("mem_bw_TBps") * TERA, link, row.wholeNumber("typical_accels_per_node"),
                row.number("scaleout_Gbps_per_accel_typical", 0) * GIGABIT_BYTES, row.number("host_pcie_GBps_unidir", 0) * GIGA,
                row.number("tdp_w", 0), (int) row.number("compute_units", 0), Confidence.parse(row.text("confidence")), row.text("source"), row.optionalText("notes"));
    }

    private static Fabric fabric(CsvRow row) {
        return new Fabric(row.text("id"), row.text("name"), row.number("gbps_per_device") * GIGABIT_BYTES, row.number("latency_us") * 1e-6,
                row.text("source"));
    }

    /** Loaded on first use; a broken built-in file is a build error, not the user's. */
    private static final class BuiltIn {
        static final HardwareCatalog CATALOG = load();

        private static HardwareCatalog load() {
            try (Reader a = resource("accelerators.csv"); Reader f = resource("fabrics.csv")) {
                return read(a, "accelerators.csv", f, "fabrics.csv");
            } catch (IOException e) {
                throw new UncheckedIOException("the built-in hardware catalog could not be read", e);
            }
        }

        private static Reader resource(String name) {
            InputStream in = HardwareCatalog.class.getResourceAsStream(RESOURCES + name);
            if (in == null) {
                throw new IllegalStateException("the built-in catalog file " + name + " is missing from the classpath; rebuild trainplan.");
            }
            return new InputStreamReader(in, StandardCharsets.UTF_8);
        }
    }
}
