package dev.loadgate.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The top list as a CSV export: RFC 4180 quoting, the header's names, each error's line. */
class TopCsvTest {
  @TempDir Path dir;

  private List<TopDistinctId> read(String text) throws IOException {
    Path csv = dir.resolve("top.csv");
    Files.writeString(csv, text);
    return TopCsv.read(csv);
  }

  private ProfileException refused(String text) throws IOException {
    Path csv = dir.resolve("bad.csv");
    Files.writeString(csv, text);
    return assertThrows(ProfileException.class, () -> TopCsv.read(csv));
  }

  @Test
  void aHogQlHeaderNamesTheCountColumnCountStar() throws IOException {
    assertEquals(
        List.of(new TopDistinctId("a", 5), new TopDistinctId("b", 0)),
        read("distinct_id,count(*)\na,5\nb,0\n"));
  }

  @Test
  void quotedIdsKeepTheirSpacesAndUnquotedOnesAreTrimmed() throws IOException {
    assertEquals(
        List.of(
            new TopDistinctId(" a ", 5),
            new TopDistinctId("b", 6),
            new TopDistinctId("c,d", 7),
            new TopDistinctId(" e\"f ", 8)),
        read("count,distinct_id\n5,\" a \"\n6, b \n7,  \"c,d\"\n8,\" e\"\"f \"\n"));
  }

  @Test
  void aQuotedIdInTheFirstColumnKeepsItsSpacesToo() throws IOException {
    assertEquals(List.of(new TopDistinctId(" x ", 9)), read("distinct_id,count\n\" x \",9\n"));
  }

  @Test
  void eachErrorNamesItsLineAndColumn() throws IOException {
    ProfileException negative = refused("5,a\n-1,b\n");
    assertEquals(2, negative.line());
    assertEquals("count -1 is negative", negative.problem());
    ProfileException empty = refused("5,a\n\n3,\n");
    assertEquals(3, empty.line());
    assertEquals("distinct_id is empty", empty.problem());
    ProfileException after = refused("5,\"a\"b\n");
    assertEquals(1, after.line());
    assertEquals("text after a closing quote in column 2", after.problem());
  }
}
