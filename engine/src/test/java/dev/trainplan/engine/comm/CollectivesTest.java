package dev.trainplan.engine.comm;

import static dev.trainplan.engine.hardware.TestAccelerators.GB_PER_SECOND;
import static dev.trainplan.engine.hardware.TestAccelerators.GIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.trainplan.engine.hardware.ClusterHardware;
import dev.trainplan.engine.hardware.TestAccelerators;
import org.junit.jupiter.api.Test;

class CollectivesTest {
    /** Every link at full bandwidth, no latency, levels one after another: the textbook formulas. */
    static final CommConstants IDEAL = new CommConstants(new LinkEfficiency(1, 0), new LinkEfficiency(1, 0), new LinkEfficiency(1, 0), 0, 0, 0);
    static final double MIB = 1 << 20;

    private static final ClusterHardware H100 = ClusterHardware.of(TestAccelerators.h100Sxm());
    private static final ClusterHardware B200 = ClusterHardware.of(TestAccelerators.b200());

    /** The textbook model of {@code hardware}: ideal links and no latency, the network's included. */
    private static Collectives ideal(ClusterHardware hardware) {
        return Collectives.of(hardware.withScaleOutLatencySeconds(0), IDEAL);
    }

    /** nccl-tests bus bandwidth of an all-reduce: {@code 2(n−1)/n · S / t}. */
    private static double allReduceBusBw(double bytes, int n, double seconds) {
        return 2.0 * (n - 1) / n * bytes / seconds;
    }

    @Test
    void allReduce_inOneNodeWithIdealLinks_isTheRingBound() {
        double s = 1 * GIB;
        assertThat(ideal(H100).allReduceSeconds(s, 8, 1)).isCloseTo(2.0 * 7 / 8 * s / (450 * GB_PER_SECOND), withinPercentage(1e-9));
    }

    @Test
    void allReduce_largeMessageWithPriors_approachesRingBoundAtPeakEfficiency() {
        double s = 16 * GIB;
        double ring = 2.0 * 7 / 8 * s / (0.80 * 450 * GB_PER_SECOND);
        assertThat(Collectives.of(H100).allReduceSeconds(s, 8, 1)).isCloseTo(ring, withinPercentage(1));
    }

    @Test
    void allReduce_acrossNodesWithIdealStagedLinks_isTheHierarchicalFormula() {
        double s = 1 * GIB;
        int g = 8;
        int k = 4;
        double intra = 450 * GB_PER_SECOND;
        double nic = 50 * GB_PER_SECOND;
        double formula = (g - 1.0) / g * s / intra + 2.0 * (k - 1) / k * (s / g) / nic + (g - 1.0) / g * s / intra;
        assertThat(ideal(H100).allReduceSeconds(s, g, k)).isCloseTo(formula, withinPercentage(1e-9));
    }

    @Test
    void tokenDispatch_acrossTwoNodesWithIdealLinks_sendsATokenOncePerRemoteNode() {
        // 16 ranks on 2 nodes, each holding S bytes of token copies, 8 copies a token. The all-to-all sends 7/16 of S over
        // NVLink and the 8/16 bound for the other node over the NIC; DeepEP sends a token over the NIC once if any of its
        // 8 copies goes there, which happens with probability 1 − (1/2)^8: per copy, 2 (1 − 2^-8) / 8 = 0.2490234375.
        double s = 1 * GIB;
        double nvlink = 450 * GB_PER_SECOND;
        double nic = 50 * GB_PER_SECOND;
        assertThat(ideal(H100).allToAllSeconds(s, 8, 2)).isCloseTo(7.0 / 16 * s / nvlink + 0.5 * s / nic, withinPercentage(1e-9));
        assertThat(ideal(H100).tokenDispatchSeconds(s, 8, 2, 8))
                .isCloseTo(7.0 / 16 * s / nvlink + 0.5 * 0.2490234375 * s / nic, withinPercentage(1e-9));
    }

    @Test
    void tokenDispatch_inOneNodeOrWithOneCopy_isTheAllToAll() {
        double s = 256 * MIB;
        assertThat(Collectives.of(H100).tokenDispatchSeconds(s, 8, 1, 8)).isEqualTo(Collectives.of(H100).allToAllSeconds(s, 8, 1));
        assertThat(Collectives.of(H100).tokenDispatchSeconds(s, 8, 4, 1)).isCloseTo(Collectives.of(H100).allToAllSeconds(s, 8, 4),
                withinPercentage(1e-9));
        // DeepSeek-V3's 8 routed experts over 8 nodes: 1 − (7/8)^8 = 0.6564 of the copies cross the network.
        assertThat(Collectives.distinctShare(8, 8)).isCloseTo(0.656391, offset(1e-6));
    }

    @Test
    void allReduce_fourP6B200NodesAt16GiB_matchesTheMeasuredBusBandwidth() {
        // hardware-notes §5 / formulas §6.3: 4×P6-B200, 8×400G EFA per node, 16 GiB all-reduce busbw 381.8 GB/s.
        double s = 16 * GIB;
        double busBw = allReduceBusBw(s, 32, Collectives.of(B200).allReduceSeconds(s, 8, 4));
        assertThat(busBw).isCloseTo(381.8 * GB_PER_SECOND, withinPercentage(5));
    }

    @Test
    void allReduce_fourP6B200NodesAcrossSizes_staysWithinTheFitError() {
        assertBusBandwidths(Collectives.of(B200), 8, 4, new double[][] {{16, 64}, {128, 198}, {1024, 362}}, 20);
    }

    @Test
    void allReduce_eightA100sAcrossSizes_staysWithinTheFitError() {
        // hardware-notes §5: 8×A100 SXM (NVLink 3, 300 GB/s) nccl-tests all-reduce busbw.
        ClusterHardware a100 = ClusterHardware.of(TestAccelerators.h100Sxm().withScaleUpBytesPerSecond(300 * GB_PER_SECOND));
        double[][] measured = {{1, 18.0}, {8, 109.9}, {16, 106.2}, {64, 171.5}, {128, 176.9}, {512, 222.7}, {1024, 229.0}, {16384, 234.9}};
        assertBusBandwidths(Collectives.of(a100), 8, 1, measured, 30);
    }

    /** Each {@code {MiB, GB/s}} point of a measured all-reduce busbw curve, predicted to within {@code percent}. */
    private static void assertBusBandwidths(Collectives c, int ranksPerNode, int nodes, double[][] measured, double percent) {
        for (double[] point : measured) {
            double s = point[0] * MIB;
            double predicted = allReduceBusBw(s, ranksPerNode * nodes, c.allReduceSeconds(s, ranksPerNode, nodes));
            assertThat(predicted).as("%s MiB", point[0]).isCloseTo(point[1] * GB_PER_SECOND, withinPercentage(percent));
        }
    }

    @Test
    void allReduce_stagedLevels_areSlowerThanPipelinedOnes() {
        double s = 16 * GIB;
        double pipelined = Collectives.of(B200).allReduceSeconds(s, 8, 4);
        double staged = Collectives.of(B200, CommConstants.PRIORS.withLevelOverlap(0)).allReduceSeconds(s, 8, 4);
        assertThat(staged).isGreaterThan(1.3 * pipelined);
    }

    @Test
    void allReduce_insideOneNode_ignoresTheNic() {
        Collectives slow = Collectives.of(H100);
        Collectives fast = Collectives.of(H100.withScaleOutBytesPerSecond(2 * H100.scaleOutBytesPerSecond()));
        double s = 256 * MIB;
        assertThat(fast.allReduceSeconds(s, 8, 1)).isEqualTo(slow.allReduceSeconds(s, 8, 1));
        assertThat(fast.allReduceSeconds(s, 1, 2)).isLessThan(0.6 * slow.allReduceSeconds(s, 1, 2));
    }

    @Test
    void allReduce_insideAnNvl72Domain_staysOnNvlinkAcrossTrays() {
        Collectives noNic = Collectives.of(ClusterHardware.of(TestAccelerators.gb200()).withScaleOutBytesPerSecond(0));
        assertThat(noNic.allReduceSeconds(GIB, 4, 18)).isFinite();
        assertThat(noNic.allReduceSeconds(GIB, 4, 19)).isInfinite();
    }

    @Test
    void allReduce_tinyMessage_costsTheLatencyWhateverItsSize() {
        Collectives c = Collectives.of(H100);
        double tiny = c.allReduceSeconds(8, 8, 1);
        double ringLatency = CommConstants.PRIORS.launchLatencySeconds() + 2 * 7 * CommConstants.PRIORS.scaleUpStepLatencySeconds();
        assertThat(tiny).isGreaterThan(ringLatency).isGreaterThan(1000 * (2.0 * 7 / 8 * 8 / (450 * GB_PER_SECOND)));
        assertThat(c.allReduceSeconds(8 * 1024, 8, 1)).isCloseTo(tiny, withinPercentage(1));
        assertThat(c.allReduceSeconds(8, 2, 1)).isLessThan(tiny);
    }

    @Test
    void allReduce_acrossManyNodes_latencyGrowsLikeATreeNotARing() {
        Collectives c = Collectives.of(H100.withScaleOutLatencySeconds(10e-6), IDEAL);
        assertThat(c.allReduceSeconds(0, 1, 1024)).isCloseTo(2 * 10 * 10e-6, offset(1e-12));
        assertThat(c.allGatherSeconds(0, 1, 1024)).isCloseTo(1023 * 10e-6, offset(1e-12));
    }

    @Test
    void allReduce_acrossTraysOfAnNvl72Domain_latencyGrowsLikeATree() {
        Collectives c = Collectives.of(ClusterHardware.of(TestAccelerators.gb200()), IDEAL.withLatencies(0, 1e-6));
        assertThat(c.allReduceSeconds(0, 4, 16)).isCloseTo(2 * 6 * 1e-6, offset(1e-12));
        assertThat(c.allReduceSeconds(0, 4, 1)).isCloseTo(2 * 3 * 1e-6, offset(1e-12));
        assertThat(c.reduceScatterSeconds(0, 4, 16)).isCloseTo(63 * 1e-6, offset(1e-12));
    }

    @Test
    void allReduce_pointToPointMeshPair_usesOneLink() {
        // hardware-notes §5: 8×MI300X all-reduce busbw at 4 GiB is 312.9 GB/s on 8 GPUs, 47.7 on 2.
        Collectives c = Collectives.of(ClusterHardware.of(TestAccelerators.mi300x()));
        double s = 4 * GIB;
        double pair = allReduceBusBw(s, 2, c.allReduceSeconds(s, 2, 1));
        double eight = allReduceBusBw(s, 8, c.allReduceSeconds(s, 8, 1));
        assertThat(pair).isCloseTo(47.7 * GB_PER_SECOND, withinPercentage(10));
        assertThat(eight).isCloseTo(312.9 * GB_PER_SECOND, withinPercentage(20));
    }

    @Test
    void allReduce_bridgedPairsInANode_crossPcieBetweenPairs() {
        double s = 1 * GIB;
        double formula = 2.0 * 1 / 2 * s / (300 * GB_PER_SECOND) + 2.0 * 3 / 4 * (s / 2) / (63 * GB_PER_SECOND);
        assertThat(ideal(ClusterHardware.of(TestAccelerators.h100Nvl())).allReduceSeconds(s, 8, 1))
                .isCloseTo(formula, withinPercentage(1e-9));
    }

    @Test
    void reduceScatterAndAllGather_withIdealLinks_areEachHalfAnAllReduce() {
        Collectives c = ideal(H100);
        double s = 1 * GIB;
        double half = 7.0 / 8 * s / (450 * GB_PER_SECOND) + 3.0 / 4 * (s / 8) / (50 * GB_PER_SECOND);
        assertThat(c.reduceScatterSeconds(s, 8, 4)).isCloseTo(half, withinPercentage(1e-9));
        assertThat(c.allGatherSeconds(s, 8, 4)).isCloseTo(half, withinPercentage(1e-9));
        assertThat(c.reduceScatterSeconds(s, 8, 4) + c.allGatherSeconds(s, 8, 4)).isCloseTo(c.allReduceSeconds(s, 8, 4), withinPercentage(1e-9));
    }

    @Test
    void allToAll_acrossNodesWithIdealLinks_sendsTheOffNodeShareOverTheNic() {
        Collectives c = ideal(H100);
        double s = 1 * GIB;
        int n = 32;
        double formula = 7.0 / n * s / (450 * GB_PER_SECOND) + 24.0 / n * s / (50 * GB_PER_SECOND);
        assertThat(c.allToAllSeconds(s, 8, 4)).isCloseTo(formula, withinPercentage(1e-9));
        assertThat(c.allToAllSeconds(s, 8, 1)).isCloseTo(7.0 / 8 * s / (450 * GB_PER_SECOND), withinPercentage(1e-9));
    }

    @Test
    void broadcast_withIdealLinks_movesTheBufferOverEachLevel() {
        Collectives c = ideal(H100);
        double s = 1 * GIB;
        assertThat(c.broadcastSeconds(s, 8, 1)).isCloseTo(s / (450 * GB_PER_SECOND), withinPercentage(1e-9));
        assertThat(c.broadcastSeconds(s, 8, 2)).isCloseTo(s / (450 * GB_PER_SECOND) + s / (50 * GB_PER_SECOND), withinPercentage(1e-9));
    }

    @Test
    void sendRecv_withIdealLinks_usesThePeerLinkOrTheNic() {
        Collectives mesh = ideal(ClusterHardware.of(TestAccelerators.mi300x()));
        double s = 1 * GIB;
        assertThat(mesh.sendRecvSeconds(s, false)).isCloseTo(s / (64 * GB_PER_SECOND), withinPercentage(1e-9));
        assertThat(mesh.sendRecvSeconds(s, true)).isCloseTo(s / (50 * GB_PER_SECOND), withinPercentage(1e-9));
    }

    @Test
    void sendRecv_withPriors_paysLaunchAndOneStep() {
        CommConstants noFill = CommConstants.PRIORS.withScaleUp(CommConstants.PRIORS.scaleUp().withHalfSaturationBytes(0));
        double s = 1 * GIB;
        double expected = 8.4e-6 + 3.4e-6 + s / (0.80 * 450 * GB_PER_SECOND);
        assertThat(Collectives.of(H100, noFill).sendRecvSeconds(s, false)).isCloseTo(expected, withinPercentage(1e-9));
    }

    @Test
    void collective_ofOneRank_takesNoTime() {
        assertThat(Collectives.of(H100).allReduceSeconds(GIB, 1, 1)).isZero();
    }

    @Test
    void collective_acrossNodesWithUnknownNic_isInfiniteButInsideANodeIsNot() {
        Collectives c = Collectives.of(H100.withScaleOutBytesPerSecond(0));
        assertThat(c.allReduceSeconds(MIB, 8, 1)).isFinite();
        assertThat(c.allReduceSeconds(MIB, 8, 2)).isInfinite();
    }

    @Test
    void collective_badArguments_areRejectedInOneSentence() {
        Collectives c = Collectives.of(H100);
        assertThatThrownBy(() -> c.allReduceSeconds(-1, 8, 1)).hasMessageStartingWith("collective bytes must be a number from 0 to");
        assertThatThrownBy(() -> c.allGatherSeconds(Double.NaN, 8, 1)).hasMessageStartingWith("collective bytes must be a number from 0 to");
        assertThatThrownBy(() -> c.allToAllSeconds(1, 9, 1)).hasMessage("ranks per node must be from 1 to the node's 8 devices, not 9.");
        assertThatThrownBy(() -> c.broadcastSeconds(1, 8, 0)).hasMessage("nodes in a collective must be a whole number from 1 to 1048576, not 0.");
    }

    @Test
    void collectives_inAHotLoop_allocateNothing() {
        Collectives c = Collectives.of(B200);
        double sink = 0;
        for (int i = 0; i < 20_000; i++) {
            sink += calls(c, i);
        }
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = bean.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            sink += calls(c, i);
        }
        long allocated = bean.getCurrentThreadAllocatedBytes() - before;
        assertThat(sink).isPositive();
        assertThat(allocated).as("bytes allocated by 600k calls").isLessThan(10_000);
    }

    private static double calls(Collectives c, int i) {
        double bytes = 1 << (i % 30);
        int nodes = 1 + i % 16;
        return c.allReduceSeconds(bytes, 8, nodes) + c.reduceScatterSeconds(bytes, 4, nodes) + c.allGatherSeconds(bytes, 2, nodes)
                + c.allToAllSeconds(bytes, 8, nodes) + c.broadcastSeconds(bytes, 1, nodes) + c.sendRecvSeconds(bytes, i % 2 == 0);
    }
}
