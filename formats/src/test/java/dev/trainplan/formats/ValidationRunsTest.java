package dev.trainplan.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;
import dev.trainplan.engine.model.Norm;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidationRunsTest {
    private static final String HEADER = "id,source,framework,model,layers,hidden,heads,kv_heads,head_dim,ffn_hidden,vocab,seq_len,mlp,"
            + "moe_experts,moe_topk,moe_ffn_hidden,moe_shared_experts,moe_dense_layers,attention,tied_embeddings,accelerator,devices,"
            + "devices_per_node,tp,pp,cp,ep,vp,sequence_parallel,sharding,micro_batch,global_batch,precision,recompute,"
            + "measured_tokens_per_s_per_device,measured_memory_gib,confidence,notes\n";
    private static final String GPT = "gpt-1,paper,megatron,GPT 22B,48,6144,64,64,,24576,51200,2048,gelu,,,,,,standard,true,a100-sxm4-80gb,"
            + "8,8,8,1,1,1,1,true,none,4,4,fp16,selective,930.91,,high,\"a note, with a comma\"\n";
    private static final String MLA = "ds-1,repo,megatron,DeepSeek-V3 (truncated),4,7168,128,128,128,18432,129280,4096,swiglu,256,8,2048,1,1,"
            + "mla,false,b200,8,8,1,1,1,8,1,false,zero1,1,32,bf16,none,27161.8,104.30,high,notes\n";
    private static final String NANOTRON = "nt-1,svg,nanotron,Llama 1B,16,2048,32,32,,8192,131072,4096,swiglu,,,,,,standard,true,h100-sxm,"
            + "16,8,1,2,1,1,,false,zero1,,256,bf16,unknown,,19.45,medium,memory only\n";

    private static List<ValidationRun> read(String rows) {
        return ValidationRuns.read(new StringReader(HEADER + rows));
    }

    @Test
    void read_geluRow_isGptStyleWithLearnedPositionsAndMeasuredThroughput() {
        ValidationRun run = read(GPT).getFirst();
        assertThat(run.architecture().norm()).isEqualTo(Norm.LAYERNORM);
        assertThat(run.architecture().gated()).isFalse();
        assertThat(run.architecture().maxPositions()).isEqualTo(2048);
        assertThat(run.architecture().tiedEmbeddings()).isTrue();
        assertThat(run.job().framework()).isEqualTo(Framework.MEGATRON);
        assertThat(run.job().parallelism().sequenceParallelActive()).isTrue();
        assertThat(run.job().batch().microBatch()).isEqualTo(4);
        assertThat(run.recompute()).contains(Recompute.SELECTIVE);
        assertThat(run.measuredTokensPerSecondPerDevice()).hasValue(930.91);
        assertThat(run.measuredMemoryGib()).isEmpty();
        assertThat(run.notes()).isEqualTo("a note, with a comma");
        assertThat(run.family()).isEqualTo("gpt");
    }

    @Test
    void read_mlaRow_usesDeepSeekPublishedLowRankSizesAndExpertLayout() {
        ValidationRun run = read(MLA).getFirst();
        assertThat(run.architecture().mla()).isEqualTo(ValidationRuns.DEEPSEEK_MLA);
        assertThat(run.architecture().moe().experts()).isEqualTo(256);
        assertThat(run.architecture().moe().sharedExpertFfnHidden()).isEqualTo(2048);
        assertThat(run.architecture().moeLayers()).isEqualTo(3);
        assertThat(run.job().parallelism().ep()).isEqualTo(8);
        assertThat(run.job().sharding()).isEqualTo(Sharding.ZERO1);
        assertThat(run.measuredMemoryGib()).hasValue(104.30);
    }

    @Test
    void read_emptyMicroBatchAndUnknownRecompute_keptUnknownJobUsesDerivationAndDefault() {
        ValidationRun run = read(NANOTRON).getFirst();
        assertThat(run.microBatch()).isEmpty();
        assertThat(run.recompute()).isEmpty();
        assertThat(run.job().recompute()).isEqualTo(Recompute.NONE);
        assertThat(run.job().cluster().nnodes()).isEqualTo(2);
        assertThat(run.job().dataParallel()).isEqualTo(8);
        assertThat(run.job().batch().globalBatch()).isEqualTo(256);
        assertThat(run.job().parallelism().vp()).isEqualTo(1);
    }

    @Test
    void read_badCell_namesRowAndColumn() {
        assertThatThrownBy(() -> read(GPT.replace(",gelu,", ",relu,")))
                .hasMessage("runs.csv row gpt-1, column mlp: 'relu' is not gelu or swiglu.");
        assertThatThrownBy(() -> read(GPT.replace(",48,6144,", ",forty,6144,")))
                .hasMessage("runs.csv row gpt-1, column layers: 'forty' is not a whole number.");
        assertThatThrownBy(() -> read(GPT.replace(",fp16,", ",fp12,"))).hasMessageStartingWith("runs.csv row gpt-1, column precision: ");
    }

    @Test
    void readAll_layoutTheJobRejects_isListedAndTheRestRead() {
        String badEp = MLA.replace("ds-1", "ds-2").replace(",1,1,1,8,1,false,", ",1,1,1,16,1,false,");
        ValidationRuns.Result result = ValidationRuns.readAll(new StringReader(HEADER + GPT + badEp));
        assertThat(result.runs()).extracting(ValidationRun::id).containsExactly("gpt-1");
        assertThat(result.rejected()).singleElement().asString().startsWith("runs.csv row ds-2: ").contains("ep 16");
        assertThatThrownBy(() -> read(GPT + badEp)).hasMessageStartingWith("runs.csv row ds-2: ");
    }
}
