package dev.trainplan.engine.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.trainplan.engine.comm.Collectives;
import dev.trainplan.engine.hardware.ClusterHardware;
import dev.trainplan.engine.hardware.TestAccelerators;
import dev.trainplan.engine.job.AttentionKernel;
import dev.trainplan.engine.job.BatchSpec;
import dev.trainplan.engine.job.Cluster;
import dev.trainplan.engine.job.Dataset;
import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.job.Parallelism;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;
import dev.trainplan.engine.model.Architecture;
import dev.trainplan.engine.model.Moe;
import org.junit.jupiter.api.Test;

class StepTimeModelTest {
    // H100 SXM datasheet: 989 TFLOP/s dense BF16, 1979 FP8, 3.35 TB/s HBM3; NVLink 450 GB/s per direction; 400 Gb/s NIC.
    static final ClusterHardware H100 = ClusterHardware.of(TestAccelerators.h100Sxm());
    static final Collectives NET = Collectives.of(H100);
    static final Efficiency EFF = new Efficiency(0.80, 0.70, 2e9, 0.55, 0.55, 0.8);
    static final Overheads OH = new Overheads(0.8, 1.0, 150e-6, 0.05);
    static final Architecture LLAMA_8B = Architecture.builder("llama-3.1-8b").layers(32).hidden(4096).heads(32).kvHeads(8)
            .ffnHidden(14336).vocab(128256).build();
    static final Architecture GPT_175B = Architecture.builder("gpt3-175b").layers(96).hidden(12288).heads(96).ffnHidden(4 * 12288)
            .vocab(51200).gptStyle(2048).build();

    static Job job(int nodes, int tp, int pp, int vp, int micro, long global, Sharding sharding) {
        return Job.builder().framework(Framework.MEGATRON).dataset(Dataset.of(1_000_000, 4096)).cluster(Cluster.of(nodes, 8))
                .parallelism(new Parallelism(tp, pp, 1, 1, vp, tp > 1)).batch(new BatchSpec(micro, 0, global)).sharding(sharding)
                .recompute(Recompute.SELECTIVE).build();
    }

    @Test
    void breakdown_partsSumToTheStep() {
        StepTime t = StepTimeModel.estimate(GPT_175B, job(8, 8, 4, 2, 1, 64, Sharding.ZERO1), H100, NET, EFF, OH);
        assertThat(t.breakdown().totalSeconds()).isCloseTo(t.stepSeconds(), within(1e-12));
        assertThat(t.breakdown().computeSeconds()).isPositive();
        assertThat(t.breakdown().bubbleSeconds()).isPositive();
        assertThat(t.breakdown().tensorParallelSeconds()).isPositive();
    }

    @Test
    void doublingNicBandwidth_changesOnlyExposedDataParallelTime() {
        // tp = 8 stays inside a node and pp = 1: the NIC carries only the data-parallel traffic.
        Job job = job(16, 8, 1, 1, 1, 256, Sharding.NONE);
        Overheads noOverlap = new Overheads(0, 1, 150e-6, 0.05);
        Breakdown slow = StepTimeModel.estimate(LLAMA_8B, job, H100, NET, EFF, noOverlap).breakdown();
        ClusterHardware doubled = H100.withScaleOutBytesPerSecond(2 * H100.scaleOutBytesPerSecond());
        Breakdown fast = StepTimeModel.estimate(LLAMA_8B, job, doubled, Collectives.of(doubled), EFF, noOverlap).breakdown();
        assertThat(fast.dataParallelSeconds()).isLessThan(slow.dataParallelSeconds());
        assertThat(fast.computeSeconds()).isEqualTo(slow.computeSeconds());
        assertThat(fast.tensorParallelSeconds()).isEqualTo(slow.tensorParallelSeconds());
        assertThat(fast.bubbleSeconds()).isEqualTo(slow.bubbleSeconds());
        assertThat(fast.pipelineSeconds()).isEqualTo(slow.pipelineSeconds());
        assertThat(fast.optimizerSeconds()).isEqualTo(slow.optimizerSeconds());
        assertThat(fast.overheadSeconds()).isEqualTo(slow.overheadSeconds());
    }

    @Test
    void noPipeline_hasNoBubble() {
        Breakdown b = StepTimeModel.estimate(LLAMA_8B, job(8, 1, 1, 1, 2, 256, Sharding.ZERO1), H100, NET, EFF, OH).breakdown();
        assertThat(b.bubbleSeconds()).isZero();
        assertThat(b.pipelineSeconds()).isZero();
    }

    @Test
    void theBubble_isTheOtherStagesFillAndDrain_soTheLastStagesHeadDoesNotGrowIt() {
        // 1F1B with one slower stage: it runs its m micro-batches back to back, and the first forward reaches it and the
        // last backward leaves it through each other stage once: step = m × t_slowest + Σ t_others. The LM head runs
        // only on the last stage, so a 4× larger vocabulary lengthens every micro-batch there, not the fill and drain.
        Architecture bigVocab = Architecture.builder("gpt3-175b-big-vocab").layers(96).hidden(12288).heads(96).ffnHidden(4 * 12288)
                .vocab(4 * 51200).gptStyle(2048).build();
        Breakdown small = StepTimeModel.estimate(GPT_175B, job(8, 8, 4, 1, 1, 64, Sharding.ZERO1), H100, NET, EFF, OH).breakdown();
        Breakdown big = StepTimeModel.estimate(bigVocab, job(8, 8, 4, 1, 1, 64, Sharding.ZERO1), H100, NET, EFF, OH).breakdown();
        assertThat(big.computeSeconds()).isGreaterThan(small.computeSeconds() * 1.01);
        assertThat(big.bubbleSeconds()).isCloseTo(small.bubbleSeconds(), within(1e-12));
    }

    @Test
    void interleavingTwoChunks_halvesThe1F1BBubbleAtTheSameMicroBatchCount() {
        Breakdown plain = StepTimeModel.estimate(GPT_175B, job(8, 8, 4, 1, 1, 64, Sharding.ZERO1), H100, NET, EFF, OH).breakdown();
        Breakdown interleaved = StepTimeModel.estimate(GPT_175B, job(8, 8, 4, 2, 1, 64, Sharding.ZERO1), H100, NET, EFF, OH).breakdown();
        // 1F1B bubble = (p − 1)(t_f + t_b); interleaved = (p − 1)(t_f + t_b) / v (Narayanan et al. 2021 §2.2).
        assertThat(interleaved.bubbleSeconds()).isCloseTo(plain.bubbleSeconds() / 2, within(1e-12));
        assertThat(interleaved.computeSeconds()).isEqualTo(plain.computeSeconds());
    }

    static double tensorParallelSeconds(Architecture model, Framework framework, int microBatch, boolean sequenceParallel, Recompute recompute) {
        Job job = Job.builder().framework(framework).dataset(Dataset.of(1_000_000, 2048)).cluster(Cluster.of(8, 8))
                .parallelism(new Parallelism(8, 4, 1, 1, 1, sequenceParallel)).batch(new BatchSpec(microBatch, 0, 64))
                .sharding(Sharding.ZERO1).recompute(recompute).build();
        return StepTimeModel.estimate(model, job, H100, NET, EFF, OH).breakdown().tensorParallelSeconds();
    }

    @Test
    void megatron_hidesTheBackwardTensorParallelCollectivesUnderTheWeightGradient() {
        // GPT-3 175B, tp 8: a block's collective moves 2048 × 12288 × 2 bytes (0.2 ms over NVLink) while the QKV and FC1
        // weight-gradient GEMMs take 2 × 2048 × 12288 × 4608 and × 6144 FLOPs (about 0.3 and 0.4 ms): Megatron's
        // backward all-reduces vanish, leaving the forward's 2 of 4 (and of the 6 of a full recompute, the 4 forward ones).
        // With sequence parallelism the row-parallel backward all-gather (half of each backward pair) stays: 3 of 4 halves.
        for (Recompute recompute : new Recompute[] {Recompute.NONE, Recompute.FULL}) {
            double waits = tensorParallelSeconds(GPT_175B, Framework.TORCHTITAN, 1, false, recompute);
            double overlaps = tensorParallelSeconds(GPT_175B, Framework.MEGATRON, 1, false, recompute);
            assertThat(overlaps).isCloseTo(waits * (recompute == Recompute.FULL ? 4.0 / 6 : 2.0 / 4), within(waits * 1e-12));
        }
        double waits = tensorParallelSeconds(GPT_175B, Framework.TORCHTITAN, 1, true, Recompute.NONE);
        assertThat(tensorParallelSeconds(GPT_175B, Framework.MEGATRON, 1, true, Recompute.NONE)).isCloseTo(waits * 3 / 4, within(waits * 1e-12));
    }

    @Test
    void megatron_exposesWhatTheWeightGradientCannotCover() {
        // h 1024 over tp 8: the column GEMMs' backward (2 × 2048 × 1024 × 384 and × 512 FLOPs, about 10 µs together) is far
        // shorter than two all-reduces of 2048 × 1024 × 2 bytes over 8 ranks (about 25 µs each, mostly latency), so most of
        // the backward's collective time stays exposed: more than 0.9 of the waiting framework's total, less than all of it.
        Architecture small = Architecture.builder("gpt-small").layers(8).hidden(1024).heads(16).ffnHidden(4096).vocab(51200).gptStyle(2048).build();
        double waits = tensorParallelSeconds(small, Framework.TORCHTITAN, 1, false, Recompute.NONE);
        double overlaps = tensorParallelSeconds(small, Framework.MEGATRON, 1, false, Recompute.NONE);
        assertThat(overlaps).isGreaterThan(waits * 0.9).isLessThan(waits);
    }

    @Test
    void megatronScattersPipelineSendsOverTheTensorParallelRanks() {
        // GPT-3 175B, tp 8 without sequence parallelism, pp 4 over 32 nodes: a micro-batch's activation is 4096 × 12288 × 2
        // bytes on every TP rank. torchtitan sends it whole from each; Megatron sends an eighth from each rank over its own
        // NIC and all-gathers the eighths over NVLink. 1F1B exposes 2 (p − 1) hops.
        double activation = 4096.0 * 12288 * 2;
        Job megatron = job(32, 8, 4, 1, 1, 64, Sharding.ZERO1).toBuilder().parallelism(new Parallelism(8, 4, 1, 1, 1, false)).build();
        Job torchtitan = megatron.toBuilder().framework(Framework.TORCHTITAN).build();
        double whole = NET.sendRecvSeconds(activation, true);
        double scattered = NET.sendRecvSeconds(activation / 8, true) + NET.allGatherSeconds(activation, 8, 1);
        assertThat(StepTimeModel.estimate(GPT_175B, torchtitan, H100, NET, EFF, OH).breakdown().pipelineSeconds())
                .isCloseTo(2 * 3 * whole, within(1e-12));
        assertThat(StepTimeModel.estimate(GPT_175B, megatron, H100, NET, EFF, OH).breakdown().pipelineSeconds())
                .isCloseTo(2 * 3 * scattered, within(1e-12));
        assertThat(scattered).isLessThan(whole / 3);
    }

    static Breakdown dataParallelOnly(Framework framework, long globalBatch) {
        Job job = Job.builder().framework(framework).dataset(Dataset.of(1_000_000, 4096)).cluster(Cluster.of(1, 8))
                .parallelism(new Parallelism(1, 1, 1, 1, 1, false)).batch(new BatchSpec(1, 0, globalBatch)).sharding(Sharding.ZERO1)
                .recompute(Recompute.FULL).build();
        return StepTimeModel.estimate(LLAMA_8B, job, H100, NET, EFF, OH).breakdown();
    }

    @Test
    void gradientAccumulation_addsEachLaterMicroBatchsGradientsUnlessFused() {
        // Llama-3.1-8B on 8 GPUs, dp 8: global batch 32 is 4 micro-batches a rank. HF Trainer (DDP) adds micro-batches 2-4's
        // BF16 weight gradients to .grad: read both, write the sum, 6 bytes for each of the 8,030,261,248 parameters, over
        // 0.8 × 3.35 TB/s = 17.98 ms each. Megatron folds the add into the weight-gradient GEMM (FP32 main_grad, β = 1).
        assertThat(LLAMA_8B.parameterCount().total()).isEqualTo(8_030_261_248L);
        double perMicroBatch = 8_030_261_248.0 * 6 / (0.8 * 3.35e12);
        Breakdown one = dataParallelOnly(Framework.HF, 8);
        Breakdown four = dataParallelOnly(Framework.HF, 32);
        assertThat(four.computeSeconds() - 4 * one.computeSeconds()).isCloseTo(3 * perMicroBatch, within(1e-9));
        Breakdown megatronOne = dataParallelOnly(Framework.MEGATRON, 8);
        Breakdown megatronFour = dataParallelOnly(Framework.MEGATRON, 32);
        assertThat(megatronFour.computeSeconds()).isCloseTo(4 * megatronOne.computeSeconds(), within(1e-12));
    }

    @Test
    void blockRecompute_recomputesTheForwardOfOnlyItsLayers() {
        // pp 4 puts 24 layers on a stage; recomputing 6 of them repeats a quarter of the layers' forward (and their TP collectives).
        Job none = job(8, 8, 4, 1, 1, 64, Sharding.ZERO1).toBuilder().recompute(Recompute.NONE).build();
        Job every = none.toBuilder().recompute(Recompute.FULL).build();
        Job quarter = every.toBuilder().recomputeLayers(6).build();
        StepTime a = StepTimeModel.estimate(GPT_175B, none, H100, NET, EFF, OH);
        StepTime b = StepTimeModel.estimate(GPT_175B, quarter, H100, NET, EFF, OH);
        StepTime c = StepTimeModel.estimate(GPT_175B, every, H100, NET, EFF, OH);
        assertThat(b.breakdown().computeSeconds() - a.breakdown().computeSeconds())
                .isCloseTo((c.breakdown().computeSeconds() - a.breakdown().computeSeconds()) / 4, within(1e-12));
        assertThat(b.breakdown().tensorParallelSeconds() - a.breakdown().tensorParallelSeconds())
                .isCloseTo((c.breakdown().tensorParallelSeconds() - a.breakdown().tensorParallelSeconds()) / 4, within(1e-12));
        // Hardware FLOPs: the model's 3 forward passes plus a quarter of one more for the layers (the head is never recomputed).
        assertThat(b.hardwareFlopsPerToken() - b.modelFlopsPerToken())
                .isCloseTo((c.hardwareFlopsPerToken() - c.modelFlopsPerToken()) / 4, within(1e-3));
        assertThat(b.stepSeconds()).isGreaterThan(a.stepSeconds()).isLessThan(c.stepSeconds());
    }

    @Test
    void unfusedAttention_costsBatchedGemmsOverTheWholeSquareAndSoftmaxAndDropoutTraffic() {
        // GPT-3 175B, tp 8 (12 heads of 128 per device), seq 4096, micro-batch 1, no recompute; 24 layers per stage, 32 micro-batches.
        Job job = job(8, 8, 4, 1, 1, 64, Sharding.ZERO1).toBuilder().recompute(Recompute.NONE).build();
        StepTime flash = StepTimeModel.estimate(GPT_175B, job, H100, NET, EFF, OH, AttentionKernel.FLASH);
        StepTime unfused = StepTimeModel.estimate(GPT_175B, job, H100, NET, EFF, OH, AttentionKernel.UNFUSED_DROPOUT);
        double peak = 989e12, hbm = 3.35e12 * 0.8, s = 4096, rows = s * 12, d = 128;
        // FlashAttention: causal half of QKᵀ and AV at 55 % of peak; backward 2.5 forwards.
        double flashForward = 2 * s * s * 12 * 2 * d * 0.5 / (peak * 0.55);
        // Unfused: QKᵀ (rows × d × s) and AV (rows × s × d) are memory-bound here: each moves the 2-byte s × s scores once.
        double gemmFlops = 2 * rows * d * s;
        double gemmCompute = gemmFlops / (peak * 0.80 / (1 + 2e9 / gemmFlops));
        double gemmTraffic = 2 * (rows * d + d * s + rows * s) / hbm;
        assertThat(gemmTraffic).isGreaterThan(gemmCompute);
        double unfusedForward = 2 * gemmTraffic + 9 * rows * s / hbm;
        double unfusedBackward = 4 * gemmTraffic + 11 * rows * s / hbm;
        // The GPT-era recipe's two hidden dropouts: 4 bytes an element of the sequence-parallel share of the hidden state
        // (12288 / 8 wide) forward, twice that backward.
        double hiddenDropout = 3 * 4 * s * (12288 / 8.0) / hbm;
        double perLayer = unfusedForward + unfusedBackward + hiddenDropout - 3.5 * flashForward;
        assertThat(unfused.breakdown().computeSeconds() - flash.breakdown().computeSeconds()).isCloseTo(32 * 24 * perLayer, within(1e-9));
        assertThat(StepTimeModel.estimate(GPT_175B, job, H100, NET, EFF, OH).stepSeconds()).isEqualTo(flash.stepSeconds());
    }

    @Test
    void megatronRunsTheTunedAttentionKernel_torchtitanTheFlashAttention2Class() {
        // H100: FlashAttention-2 class at 35 % of peak, the tuned kernel (cuDNN through Transformer Engine) at 60 %.
        Efficiency split = new Efficiency(0.80, 0.70, 2e9, 0.35, 0.60, 0.8);
        Efficiency bothTuned = new Efficiency(0.80, 0.70, 2e9, 0.60, 0.60, 0.8);
        Job megatron = job(8, 8, 4, 1, 1, 64, Sharding.ZERO1).toBuilder().recompute(Recompute.NONE).build();
        Job torchtitan = megatron.toBuilder().framework(Framework.TORCHTITAN).build();
        assertThat(StepTimeModel.estimate(GPT_175B, megatron, H100, NET, split, OH).stepSeconds())
                .isEqualTo(StepTimeModel.estimate(GPT_175B, megatron, H100, NET, bothTuned, OH).stepSeconds());
        double portable = StepTimeModel.estimate(GPT_175B, torchtitan, H100, NET, split, OH).breakdown().computeSeconds();
        double tuned = StepTimeModel.estimate(GPT_175B, torchtitan, H100, NET, bothTuned, OH).breakdown().computeSeconds();
        // Causal half of QKᵀ and AV for 12 heads of 128 at seq 4096, forward + 2.5 forwards backward, 24 layers × 32 micro-batches.
        double flops = 2 * 4096.0 * 4096 * 12 * 2 * 128 * 0.5;
        double perLayer = 3.5 * (flops / (989e12 * 0.35) - flops / (989e12 * 0.60));
        assertThat(portable - tuned).isCloseTo(32 * 24 * perLayer, within(1e-9));
    }

    @Test
    void unfusedAttention_weighsMostOnNarrowModels() {
        // The scores grow with heads × s² per token, the GEMMs with h²: a 2304-wide model loses a larger share of its step than GPT-3.
        Architecture narrow = Architecture.builder("gpt-1.7b").layers(24).hidden(2304).heads(24).ffnHidden(4 * 2304).vocab(51200)
                .gptStyle(2048).build();
        Job small = job(1, 1, 1, 1, 4, 32, Sharding.NONE).toBuilder().dataset(Dataset.of(1_000_000, 2048)).build();
        Job large = job(8, 8, 4, 1, 1, 64, Sharding.ZERO1).toBuilder().dataset(Dataset.of(1_000_000, 2048)).build();
        double narrowRatio = StepTimeModel.estimate(narrow, small, H100, NET, EFF, OH, AttentionKernel.UNFUSED).stepSeconds()
                / StepTimeModel.estimate(narrow, small, H100, NET, EFF, OH, AttentionKernel.FLASH).stepSeconds();
        double wideRatio = StepTimeModel.estimate(GPT_175B, large, H100, NET, EFF, OH, AttentionKernel.UNFUSED).stepSeconds()
                / StepTimeModel.estimate(GPT_175B, large, H100, NET, EFF, OH, AttentionKernel.FLASH).stepSeconds();
        assertThat(wideRatio).isGreaterThan(1);
        assertThat(narrowRatio).isGreaterThan(wideRatio + 0.1);
    }

    @Test
    void modelFlopsPerToken_matchKorthikantiFormulaForGpt3() {
        // Korthikanti et al. 2022: model FLOPs per iteration 72 B s l h² (1 + s/(6h) + V/(12 l h)), with non-causal attention.
        // trainplan counts causal attention (half of QKᵀ and AV), i.e. s/(12h) instead of s/(6h).
        Job job = job(8, 8, 4, 1, 1, 64, Sharding.ZERO1).toBuilder().dataset(Dataset.of(1_000_000, 2048)).build();
        StepTime t = StepTimeModel.estimate(GPT_175B, job, H100, NET, EFF, OH);
        double l = 96, h = 12288, s = 2048, v = 51200;
        double perToken = 72 * l * h * h * (1 + s / (12 * h) + v / (12 * l * h));
        assertThat(t.modelFlopsPerToken()).isCloseTo(perToken, within(perToken * 1e-3));
    }

    static final Architecture MIXTRAL = Architecture.builder("mixtral-8x7b").layers(32).hidden(4096).heads(32).kvHeads(8)
            .ffnHidden(14336).vocab(32000).moe(new Moe(8, 2, 14336, 0, 0, 0, false)).build();

    static Job moeJob(int nodes, int tp, int cp, int ep, long global) {
        return Job.builder().framework(Framework.MEGATRON).dataset(Dataset.of(1_000_000, 4096)).cluster(Cluster.of(nodes, 8))
                .parallelism(new Parallelism(tp, 1, cp, ep, 1, tp > 1)).batch(new BatchSpec(1, 0, global)).sharding(Sharding.ZERO1)
                .recompute(Recompute.SELECTIVE).build();
    }

    @Test
    void expertParallel_eachRankDispatchesItsSequenceParallelShare() {
        // 8 GPUs, tp 2, ep 8: tp × ep does not divide 8, so the experts run with expert tp 1 and ep spans the node.
        // dp 4 and 16 sequences: 4 micro-batches of 4096 tokens; each TP rank holds 2048 of them and sends each to
        // its 2 experts: 2048 × 2 × 4096 × 2 bytes. Dispatch and combine forward and backward: 4 all-to-alls a layer.
        Breakdown b = StepTimeModel.estimate(MIXTRAL, moeJob(1, 2, 1, 8, 16), H100, NET, EFF, OH).breakdown();
        double dispatched = 2048.0 * 2 * 4096 * 2;
        assertThat(b.expertParallelSeconds()).isCloseTo(4 * 32 * 4 * NET.allToAllSeconds(dispatched, 8, 1), within(1e-12));
        // The MLP's tokens come from the dispatcher: the TP group reduces only attention's output, once forward (an all-gather
        // and reduce-scatter pair under sequence parallelism) and once backward, where Megatron leaves only the row-parallel
        // all-gather (half a pair) exposed: the QKV GEMM's backward (2 × 2 × 4096 × 4096 × 3072 FLOPs) outlasts the rest.
        double pair = NET.allReduceSeconds(4096.0 * 4096 * 2, 2, 1);
        assertThat(b.tensorParallelSeconds()).isCloseTo(4 * 32 * 1.5 * pair, within(1e-12));
    }

    @Test
    void expertParallelGroup_takesItsRanksFromTheExpertGrid() {
        // 16 GPUs, tp 2, cp 2, ep 4: tp × ep = 8 divides 16, so expert tp is 2. Megatron's expert grid orders
        // expert tp, ep, expert dp: an EP group's 4 members are 2 ranks apart, all in one node (not tp × cp = 4 apart,
        // which would span both). Each rank holds 4096 / cp / tp = 1024 tokens and routes each to 2 experts; the
        // expert-TP pair then gathers both ranks' copies.
        Breakdown b = StepTimeModel.estimate(MIXTRAL, moeJob(2, 2, 2, 4, 16), H100, NET, EFF, OH).breakdown();
        double dispatched = 1024.0 * 2 * 4096 * 2;
        double perDispatch = NET.allToAllSeconds(dispatched, 4, 1) + NET.allGatherSeconds(2 * dispatched, 2, 1);
        // dp = 16 / (tp · cp) = 4: 4 micro-batches.
        assertThat(b.expertParallelSeconds()).isCloseTo(4 * 32 * 4 * perDispatch, within(1e-12));
        assertThat(NET.allToAllSeconds(dispatched, 2, 2)).isGreaterThan(3 * NET.allToAllSeconds(dispatched, 4, 1));
    }
}
