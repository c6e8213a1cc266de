package org.chrononbeam.transforms.upload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.EventSource;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.Join;
import org.chrononbeam.api.JoinPart;
import org.chrononbeam.api.MetaData;
import org.chrononbeam.api.Query;
import org.chrononbeam.api.Source;
import org.chrononbeam.model.json.ThriftJson;
import org.chrononbeam.model.kv.GetRequest;
import org.chrononbeam.model.kv.GetResponse;
import org.chrononbeam.model.kv.KvStore;
import org.chrononbeam.model.kv.KvStores;
import org.chrononbeam.model.naming.KvLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metadata upload: config JSON under Chronon's keys, and team lists that accumulate. */
class MetadataUploadTest {

  @TempDir Path root;

  private static Join join(String name, GroupBy... groupBys) {
    List<JoinPart> parts = Arrays.stream(groupBys)
        .map(g -> new JoinPart().setGroupBy(g).setKeyMapping(Map.of("buyer", "user_id")))
        .toList();
    return new Join()
        .setMetaData(new MetaData().setName(name).setTeam("team"))
        .setLeft(Source.events(new EventSource().setTable("data.checkouts")
            .setQuery(new Query().setSelects(Map.of("buyer", "buyer")).setTimeColumn("ts"))))
        .setJoinParts(parts);
  }

  @Test
  void storesJoinsAndTheirGroupBysUnderTheirKeysAndListsThemByTeam() {
    GroupBy purchases = GroupByUploadTest.groupBy("team.purchases.v1", Accuracy.TEMPORAL);
    GroupBy daily = GroupByUploadTest.groupBy("other.purchases_daily.v1", Accuracy.SNAPSHOT);
    Join checkouts = join("team.checkouts.v1", purchases, daily, purchases);
    try (KvStore store = KvStores.open("embedded:" + root)) {
      MetadataUpload upload = MetadataUpload.create().withJoin(checkouts);
      assertEquals(List.of("joins/team/checkouts.v1", "group_bys/team/purchases.v1",
          "group_bys/other/purchases_daily.v1"), upload.keys());
      assertEquals(3, upload.upload(store, 1_000L));

      Join stored = ThriftJson.read(
          latest(store, KvLayout.METADATA_DATASET, "joins/team/checkouts.v1"), Join.class, "join");
      assertEquals(checkouts, stored);
      GroupBy storedDaily = ThriftJson.read(
          latest(store, KvLayout.METADATA_DATASET, "group_bys/other/purchases_daily.v1"),
          GroupBy.class, "groupBy");
      assertEquals(daily, storedDaily);
      assertEquals(List.of("joins/team/checkouts.v1"), teamList(store, "joins/team"));
      assertEquals(List.of("group_bys/other/purchases_daily.v1"),
          teamList(store, "group_bys/other"));

      assertEquals(2, MetadataUpload.create()
          .withJoin(join("team.returns.v1", purchases)).upload(store, 2_000L));
      assertEquals(List.of("joins/team/checkouts.v1", "joins/team/returns.v1"),
          teamList(store, "joins/team"));
      assertEquals(List.of("group_bys/team/purchases.v1"), teamList(store, "group_bys/team"));
    }
  }

  @Test
  void teamListsAreEncodedAsChrononsStringArrayConverter() {
    byte[] bytes = MetadataUpload.encodeKeys(List.of("joins/team/a.v1", "joins/team/b,c"));
    assertEquals("am9pbnMvdGVhbS9hLnYx,am9pbnMvdGVhbS9iLGM=",
        new String(bytes, StandardCharsets.UTF_8));
    assertEquals(List.of("joins/team/a.v1", "joins/team/b,c"), MetadataUpload.decodeKeys(bytes));
    assertArrayEquals(new byte[0], MetadataUpload.encodeKeys(List.of()));
    assertEquals(List.of(), MetadataUpload.decodeKeys(new byte[0]));
  }

  @Test
  void refusesConfigsWithoutATeamInTheirName() {
    assertThrows(IllegalArgumentException.class,
        () -> MetadataUpload.create().withJoin(join("checkouts")));
    assertThrows(IllegalArgumentException.class,
        () -> MetadataUpload.create().withGroupBy(new GroupBy().setMetaData(new MetaData())));
  }

  private static String latest(KvStore store, String dataset, String key) {
    GetResponse response = store.multiGet(List.of(
        GetRequest.latest(key.getBytes(StandardCharsets.UTF_8), dataset))).join().get(0);
    assertTrue(response.latest().isPresent(), "no value under " + key);
    return new String(response.latest().get().bytes(), StandardCharsets.UTF_8);
  }

  private static List<String> teamList(KvStore store, String key) {
    GetResponse response = store.multiGet(List.of(GetRequest.latest(
        key.getBytes(StandardCharsets.UTF_8), KvLayout.ENTITY_BY_TEAM_DATASET))).join().get(0);
    assertTrue(response.latest().isPresent(), "no team list under " + key);
    return MetadataUpload.decodeKeys(response.latest().get().bytes());
  }
}
