package dev.trainplan.engine.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.job.Parallelism;
import dev.trainplan.engine.job.Precision;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;
import dev.trainplan.engine.model.Architecture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Model-state bytes against the frameworks' own accounting (formulas.md §4.2-4.3). The per-rank
 * partition is ceil(Ψ/N) parameters; the models and group sizes here have N | Ψ, so the DeepSpeed
 * and Megatron formulas hold to the byte.
 */
class ModelStatesTest {
    private static final Architecture LLAMA = Fixtures.llama3_8b();
    private static final long PSI = 8_030_261_248L;
    /** The embedding (128256 × 4096) is Llama-3-8B's largest single module. */
    private static final long LARGEST_LAYER = 128_256L * 4096;

    private static long modelStates(Job job, MemorySettings settings) {
        return modelStates(LLAMA, job, settings);
    }

    private static long modelStates(Architecture a, Job job, MemorySettings settings) {
        return MemoryModel.estimate(a, job, settings).stages().getFirst().modelStateBytes();
    }

    private static Job deepSpeed(int gpus, Sharding sharding) {
        return Fixtures.job(Framework.DEEPSPEED, Parallelism.NONE, gpus, 1, gpus, 4096, sharding, Precision.BF16, Recompute.NONE);
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16, 64})
    void deepSpeedZero2_noOffload_matchesEstimatorTwoPsiPlusEighteenPsiOverN(int gpus) {
        assertThat(PSI % gpus).isZero();
        long expected = 2 * PSI + 18 * PSI / gpus;
        assertThat(modelStates(deepSpeed(gpus, Sharding.ZERO2), MemorySettings.DEFAULTS)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16, 64})
    void deepSpeedZero2_optimizerOffload_matchesEstimatorTwoPsi(int gpus) {
        MemorySettings offload = MemorySettings.DEFAULTS.withOffload(Offload.OPTIMIZER);
        assertThat(modelStates(deepSpeed(gpus, Sharding.ZERO2), offload)).isEqualTo(2 * PSI);
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16, 64})
    void deepSpeedZero3_noOffload_matchesEstimatorLargestLayerPlusEighteenPsiOverN(int gpus) {
        long expected = 4 * LARGEST_LAYER + 18 * PSI / gpus;
        assertThat(modelStates(deepSpeed(gpus, Sharding.ZERO3), MemorySettings.DEFAULTS)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16, 64})
    void deepSpeedZero3_offloadOptimizerOnly_matchesEstimatorLargestLayerPlusTwoPsiOverN(int gpus) {
        MemorySettings offload = MemorySettings.DEFAULTS.withOffload(Offload.OPTIMIZER);
        assertThat(modelStates(deepSpeed(gpus, Sharding.ZERO3), offload)).isEqualTo(4 * LARGEST_LAYER + 2 * PSI / gpus);
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16, 64})
    void deepSpeedZero3_offloadOptimizerAndParams_matchesEstimatorLargestLayer(int gpus) {
        MemorySettings offload = MemorySettings.DEFAULTS.withOffload(Offload.OPTIMIZER_AND_PARAMS);
        assertThat(modelStates(deepSpeed(gpus, Sharding.ZERO3), offload)).isEqualTo(4 * LARGEST_LAYER);
    }

    /** Megatron dist_optimizer.md: bytes per parameter = fixed + sharded/d for each params/grads precision. */
    @ParameterizedTest
    @CsvSource({"BF16, 6, 12, 8", "BF16, 6, 12, 64", "FP16, 4, 16, 8", "FP16, 4, 16, 32", "FP32, 8, 8, 16", "BF16, 6, 12, 1"})
    void megatronDistributedOptimizer_anyDataParallel_matchesFixedPlusShardedOverD(Precision precision, long fixed, long sharded, int d) {
        Job job = Fixtures.job(Framework.MEGATRON, Parallelism.NONE, d, 1, d, 4096, Sharding.ZERO1, precision, Recompute.NONE);
        assertThat(modelStates(job, MemorySettings.DEFAULTS)).isEqualTo(fixed * PSI + sharded * PSI / d);
    }

    @ParameterizedTest
    @CsvSource({"BF16, 18", "FP16, 20", "FP32, 16"})
    void megatronWithoutDistributedOptimizer_matchesDistOptTableUnsharded(Precision precision, long bytesPerParam) {
        Job job = Fixtures.job(Framework.MEGATRON, Parallelism.NONE, 8, 1, 8, 4096, Sharding.NONE, precision, Recompute.NONE);
        assertThat(modelStates(job, MemorySettings.DEFAULTS)).isEqualTo(bytesPerParam * PSI);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void megatronPipeline_firstStage_holdsLayersAndEmbeddingOnly(int pp) {
        Job job = Fixtures.job(Framework.MEGATRON, Parallelism.of(1, pp, 1), 8, 1, 8, 4096, Sharding.ZERO1, Precision.BF16, Recompute.NONE);
        long layerParams = LLAMA.parameterCount().denseLayer();
        long stageParams = 32 / pp * layerParams + LARGEST_LAYER;
        int d = 8 / pp;
        assertThat(stageParams % d).isZero();
        assertThat(modelStates(job, MemorySettings.DEFAULTS)).isEqualTo(6 * stageParams + 12 * stageParams / d);
    }

    @org.junit.jupiter.api.Test
    void expertTensorParallel_oneHoldsWholeExperts_twiceTheExpertStatesOfTwo() {
        // 4 layers of 8 SwiGLU experts (3 × 1024 × 2048 each): 201,326,592 expert parameters. On 16 GPUs with tp 2 and ep 8,
        // expert tp 2 splits them over ep × etp = 16 ranks, expert tp 1 over 8; Megatron without the distributed
        // optimizer keeps 18 bytes a parameter (formulas.md §4.3), so the second holds 18 × E/16 more bytes.
        Architecture moe = Architecture.builder("moe").layers(4).hidden(1024).heads(8).ffnHidden(2048).vocab(32000)
                .moe(new dev.trainplan.engine.model.Moe(8, 2, 2048, 0, 0, 0, false)).build();
        long experts = 4L * 8 * 3 * 1024 * 2048;
        Job split = Fixtures.job(Framework.MEGATRON, new Parallelism(2, 1, 1, 8, 1, true, 2), 16, 1, 64, 4096, Sharding.NONE,
                Precision.BF16, Recompute.NONE);
        Job whole = split.toBuilder().parallelism(new Parallelism(2, 1, 1, 8, 1, true, 1)).build();
        assertThat(modelStates(moe, whole, MemorySettings.DEFAULTS) - modelStates(moe, split, MemorySettings.DEFAULTS)).isEqualTo(18 * experts / 16);
        // Megatron's default for this layout is expert tp = tp = 2.
        Job byDefault = split.toBuilder().parallelism(new Parallelism(2, 1, 1, 8, 1, true)).build();
        assertThat(modelStates(moe, byDefault, MemorySettings.DEFAULTS)).isEqualTo(modelStates(moe, split, MemorySettings.DEFAULTS));
    }
}
