package io.gympulse.gateway.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gympulse.gateway.catalog.Branch;
import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.testing.TestGateway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How members really ask, and what the assistant must take from it. */
class PhraseBookTest {

  private static final PhraseBook PHRASES = new PhraseBook(TestGateway.CATALOG);

  /** Verifies category, branch, intent and "near me" for each phrasing. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      leg day near me?                                  | legs   | -                      | FIND       | true
      any squat racks free nearby                       | legs   | -                      | FIND       | true
      Is the leg press free at Central?                 | legs   | hk-central-caine       | FIND       | false
      need a hack squat in Mong Kok                     | legs   | kl-mongkok-nathan      | FIND       | false
      calves and hamstrings today                       | legs   | -                      | FIND       | false
      glute session at Sha Tin please                   | legs   | nt-shatin-newtown      | FIND       | false
      where can I bench right now                       | chest  | -                      | FIND       | false
      bench press near me                               | chest  | -                      | FIND       | true
      chest day at TST                                  | chest  | kl-tsimshatsui-canton  | FIND       | false
      pec deck in Causeway Bay?                         | chest  | hk-causeway-hennessy   | FIND       | false
      push day, closest gym                             | chest  | -                      | FIND       | true
      lat pulldown at Quarry Bay                        | back   | hk-quarrybay-kingsroad | FIND       | false
      seated row free?                                  | back   | -                      | FIND       | false
      pull-ups nearby                                   | back   | -                      | FIND       | true
      deadlift in Tsuen Wan                             | back   | nt-tsuenwan-castlepeak | FIND       | false
      back day                                          | back   | -                      | FIND       | false
      arm day near here                                 | arms   | -                      | FIND       | true
      bicep curls at Aberdeen                           | arms   | hk-aberdeen-main       | FIND       | false
      triceps dips                                      | arms   | -                      | FIND       | false
      any free treadmill?                               | cardio | -                      | FIND       | false
      I want to go for a run                            | cardio | -                      | FIND       | false
      rowing machine in Kowloon Bay                     | cardio | kl-kowloonbay-wangchiu | FIND       | false
      spin bike near me                                 | cardio | -                      | FIND       | true
      elliptical at Tai Po                              | cardio | nt-taipo-onpong        | FIND       | false
      stairmaster please                                | cardio | -                      | FIND       | false
      quick HIIT at Tuen Mun                            | cardio | nt-tuenmun-tuenmunwu   | FIND       | false
      abs workout nearby                                | core   | -                      | FIND       | true
      captain's chair at Sham Shui Po                   | core   | kl-shamshuipo-cheungsha | FIND      | false
      crunches                                          | core   | -                      | FIND       | false
      plank and obliques at CWB                         | core   | hk-causeway-hennessy   | FIND       | false
      is Central busy?                                  | -      | hk-central-caine       | BUSY       | false
      how crowded is cardio at Mong Kok                 | cardio | kl-mongkok-nathan      | BUSY       | false
      is it packed near me                              | -      | -                      | BUSY       | true
      when is Sha Tin quiet?                            | -      | nt-shatin-newtown      | QUIET_TIME | false
      best time for leg day at Central                  | legs   | hk-central-caine       | QUIET_TIME | false
      what time is least busy at Tsim Sha Tsui          | -      | kl-tsimshatsui-canton  | QUIET_TIME | false
      peak hours in Aberdeen                            | -      | hk-aberdeen-main       | QUIET_TIME | false
      what about chest?                                 | chest  | -                      | FIND       | false
      and at Mongkok?                                   | -      | kl-mongkok-nathan      | FIND       | false
      hello                                             | -      | -                      | FIND       | false
      Leg Day!!! near ME                                | legs   | -                      | FIND       | true
      Éllíptical nearby                                 | cardio | -                      | FIND       | true
      """)
  void understandsHowMembersAsk(String message, String category, String gymId, Understanding.Intent intent, boolean nearMe) {
    Understanding understood = PHRASES.understand(message);
    assertEquals(category, understood.category().map(Category::wireName).orElse(null), "category of: " + message);
    assertEquals(gymId, understood.branch().map(Branch::id).orElse(null), "branch of: " + message);
    assertEquals(intent, understood.intent(), "intent of: " + message);
    assertEquals(nearMe, understood.nearMe(), "near me in: " + message);
  }
}
