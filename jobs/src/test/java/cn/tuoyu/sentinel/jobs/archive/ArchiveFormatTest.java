package cn.tuoyu.sentinel.jobs.archive;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tuoyu.sentinel.schema.ArchivedRecord;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

class ArchiveFormatTest {
  @Test
  void theFileSchemaIsTheRecordSchemaWithoutItsDocumentation() {
    Schema documented = ArchivedRecord.getClassSchema();
    Schema file = ArchiveFormat.FILE_SCHEMA;

    assertThat(SchemaNormalization.parsingFingerprint64(file))
        .isEqualTo(SchemaNormalization.parsingFingerprint64(documented));
    assertThat(file.toString()).doesNotContain("\"doc\"");
    assertThat(file.toString().length()).isLessThan(documented.toString().length() / 2);
    for (Schema.Field f : documented.getFields()) {
      Schema.Field same = file.getField(f.name());
      assertThat(same.hasDefaultValue()).as(f.name()).isEqualTo(f.hasDefaultValue());
      assertThat(same.schema().getLogicalType())
          .as(f.name())
          .isEqualTo(f.schema().getLogicalType());
    }
  }
}
