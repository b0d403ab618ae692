package dev.trainplan.engine.steps;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** framework-semantics.md §8.2: DistributedSampler and accelerate sharding (torch 2.13, accelerate 1.15, [run]). */
class SamplerVectorsTest {
    @Test
    void v20_distributedSampler_padsOrCuts() {
        DataSplit pad = DataSplit.distributedSampler(10, 4, 1, false, false);
        assertThat(pad.perRankSamples()).isEqualTo(3);
        assertThat(pad.seenPerEpoch()).isEqualTo(12);
        assertThat(pad.padded()).isEqualTo(2);
        DataSplit cut = DataSplit.distributedSampler(10, 4, 1, true, false);
        assertThat(cut.perRankSamples()).isEqualTo(2);
        assertThat(cut.seenPerEpoch()).isEqualTo(8);
        assertThat(cut.dropped()).isEqualTo(2);
    }

    @Test
    void v21_fewerSamplesThanRanks_emptyEpochWithDropLast() {
        DataSplit pad = DataSplit.distributedSampler(3, 4, 1, false, false);
        assertThat(pad.perRankSamples()).isEqualTo(1);
        assertThat(pad.seenPerEpoch()).isEqualTo(4);
        assertThat(pad.padded()).isEqualTo(1);
        assertThat(DataSplit.distributedSampler(3, 4, 1, true, false).perRankSamples()).isZero();
    }

    @Test
    void v22_paddingLongerThanDataset_repeatsTheList() {
        DataSplit s = DataSplit.distributedSampler(2, 5, 1, false, false);
        assertThat(s.perRankSamples()).isEqualTo(1);
        assertThat(s.padded()).isEqualTo(3);
    }

    @Test
    void v23_sameLengthDifferentPadding() {
        DataSplit sampler = DataSplit.distributedSampler(100, 3, 8, false, false);
        assertThat(sampler.perRankSamples()).isEqualTo(34);
        assertThat(sampler.batchesPerRank()).isEqualTo(5);
        assertThat(sampler.seenPerEpoch()).isEqualTo(102);
        assertThat(sampler.padded()).isEqualTo(2);
        assertThat(DataSplit.distributedSampler(100, 3, 8, false, true).batchesPerRank()).isEqualTo(4);
        DataSplit even = DataSplit.accelerate(100, 3, 8, false, true, false);
        assertThat(even.batchesPerRank()).isEqualTo(5);
        assertThat(even.seenPerEpoch()).isEqualTo(120);
        assertThat(even.padded()).isEqualTo(20);
        DataSplit uneven = DataSplit.accelerate(100, 3, 8, false, false, false);
        assertThat(uneven.batchesPerRank()).isEqualTo(5);
        assertThat(uneven.seenPerEpoch()).isEqualTo(100);
        DataSplit drop = DataSplit.accelerate(100, 3, 8, true, true, false);
        assertThat(drop.batchesPerRank()).isEqualTo(4);
        assertThat(drop.seenPerEpoch()).isEqualTo(96);
    }

    @Test
    void v24_accelerateDropLast_dropsWholeBatches() {
        DataSplit drop = DataSplit.accelerate(120, 4, 8, true, true, false);
        assertThat(drop.batchesPerRank()).isEqualTo(3);
        assertThat(drop.seenPerEpoch()).isEqualTo(96);
        assertThat(drop.dropped()).isEqualTo(24);
        DataSplit keep = DataSplit.accelerate(120, 4, 8, false, true, false);
        assertThat(keep.batchesPerRank()).isEqualTo(4);
        assertThat(keep.seenPerEpoch()).isEqualTo(128);
        assertThat(keep.padded()).isEqualTo(8);
    }

    @Test
    void v24b_evenAndUnevenBatches() {
        DataSplit even = DataSplit.accelerate(20, 3, 4, false, true, false);
        assertThat(even.batchesPerRank()).isEqualTo(2);
        assertThat(even.seenPerEpoch()).isEqualTo(24);
        DataSplit uneven = DataSplit.accelerate(20, 3, 4, false, false, false);
        assertThat(uneven.batchesPerRank()).isEqualTo(2);
        assertThat(uneven.seenPerEpoch()).isEqualTo(20);
    }
}
