package chatpro.presence.duty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schedule's JSON: read strictly with a message naming the bad field, written in exactly the protocol's shape. */
class ScheduleJsonTest {
  private static final String PROTOCOL_EXAMPLE = """
      {"timezone":"Europe/London",
       "workingHours":[{"day":"MON","start":"08:00","end":"17:00"},{"day":"SUN","start":"22:00","end":"06:00"}],
       "leave":[{"from":"2026-12-24","to":"2026-12-27"}]}""";

  @Test
  void protocolBodyIsReadIntoTheSchedule() {
    Schedule schedule = Schedule.fromJson(new JsonObject(PROTOCOL_EXAMPLE)).orElseThrow();
    assertEquals(new Schedule(ZoneId.of("Europe/London"),
        List.of(new Window(DayOfWeek.MONDAY, LocalTime.of(8, 0), LocalTime.of(17, 0)),
            new Window(DayOfWeek.SUNDAY, LocalTime.of(22, 0), LocalTime.of(6, 0))),
        List.of(new Leave(LocalDate.of(2026, 12, 24), LocalDate.of(2026, 12, 27)))), schedule);
  }

  @Test
  void scheduleIsWrittenBackExactlyAsSaved() {
    JsonObject saved = new JsonObject(PROTOCOL_EXAMPLE);
    assertEquals(saved, Schedule.fromJson(saved).orElseThrow().toJson());
    assertEquals("{\"timezone\":\"Europe/London\",\"workingHours\":["
        + "{\"day\":\"MON\",\"start\":\"08:00\",\"end\":\"17:00\"},"
        + "{\"day\":\"SUN\",\"start\":\"22:00\",\"end\":\"06:00\"}],"
        + "\"leave\":[{\"from\":\"2026-12-24\",\"to\":\"2026-12-27\"}]}",
        Schedule.fromJson(saved).orElseThrow().toJson().encode());
  }

  @Test
  void missingLeaveIsWrittenAsAnEmptyList() {
    JsonObject body = new JsonObject(PROTOCOL_EXAMPLE);
    body.remove("leave");
    assertEquals(new JsonArray(), Schedule.fromJson(body).orElseThrow().toJson().getJsonArray("leave"));
  }

  @Test
  void unknownFieldsAreIgnored() {
    JsonObject body = new JsonObject(PROTOCOL_EXAMPLE).put("colour", "blue");
    body.getJsonArray("workingHours").getJsonObject(0).put("note", "early");
    assertEquals(new JsonObject(PROTOCOL_EXAMPLE), Schedule.fromJson(body).orElseThrow().toJson());
  }

  @Test
  void emptyWorkingHoursMeansRemoveTheSchedule() {
    assertTrue(Schedule.fromJson(new JsonObject("{\"timezone\":\"UTC\",\"workingHours\":[]}")).isEmpty());
    assertTrue(Schedule.fromJson(new JsonObject("{\"workingHours\":[]}")).isEmpty());
  }

  @Test
  void utcAndOtherZoneNamesAreAccepted() {
    for (String zone : List.of("UTC", "America/New_York", "Asia/Kolkata", "Etc/GMT+5")) {
      assertEquals(ZoneId.of(zone), Schedule.fromJson(body().put("timezone", zone)).orElseThrow().zone());
    }
  }

  @Test
  void badTimezoneIsRefused() {
    String rule = "timezone must be a time zone name such as Europe/London or UTC";
    assertEquals("timezone is required", refusal(without("timezone")));
    for (Object zone : List.of("", " ", "Mars/Olympus", "europe/london", "+02:00", "UTC+01:00", "GMT+2", 1)) {
      assertEquals(rule, refusal(body().put("timezone", zone)), String.valueOf(zone));
    }
  }

  @Test
  void badWorkingHoursAreRefused() {
    assertEquals("workingHours is required", refusal(without("workingHours")));
    assertEquals("workingHours must be a list", refusal(body().put("workingHours", "MON 08:00-17:00")));
    assertEquals("workingHours[0] must be an object with day, start and end",
        refusal(body().put("workingHours", new JsonArray().add("MON"))));
  }

  @Test
  void dayMustBeTheProtocolsUpperCaseThreeLetters() {
    for (Object day : List.of("mon", "Mon", "MONDAY", "1", 1)) {
      assertEquals("workingHours[1].day must be one of MON, TUE, WED, THU, FRI, SAT, SUN",
          refusal(secondWindow(new JsonObject().put("day", day).put("start", "08:00").put("end", "17:00"))));
    }
    assertEquals("workingHours[1].day must be one of MON, TUE, WED, THU, FRI, SAT, SUN",
        refusal(secondWindow(new JsonObject().put("start", "08:00").put("end", "17:00"))));
  }

  @Test
  void timesMustBeHoursAndMinutesOfOneDay() {
    for (String time : List.of("8:00", "08:00:00", "24:00", "23:60", "", "noon")) {
      assertEquals("workingHours[1].start must be a time HH:mm from 00:00 to 23:59 (midnight is 00:00)",
          refusal(secondWindow(new JsonObject().put("day", "TUE").put("start", time).put("end", "17:00"))));
      assertEquals("workingHours[1].end must be a time HH:mm from 00:00 to 23:59 (midnight is 00:00)",
          refusal(secondWindow(new JsonObject().put("day", "TUE").put("start", "08:00").put("end", time))));
    }
  }

  @Test
  void tooManyWindowsAreRefused() {
    JsonArray hours = new JsonArray();
    for (int i = 0; i <= Schedule.MAX_WINDOWS; i++) {
      hours.add(new JsonObject().put("day", "MON").put("start", "08:00").put("end", "09:00"));
    }
    assertEquals("workingHours holds at most 50 windows", refusal(body().put("workingHours", hours)));
  }

  @Test
  void badLeaveIsRefused() {
    assertEquals("leave must be a list", refusal(body().put("leave", "2026-12-24")));
    assertEquals("leave[0] must be an object with from and to", refusal(leave("2026-12-24")));
    assertEquals("leave[0].from must be a date YYYY-MM-DD",
        refusal(leave(new JsonObject().put("from", "24/12/2026").put("to", "2026-12-27"))));
    assertEquals("leave[0].to must be a date YYYY-MM-DD",
        refusal(leave(new JsonObject().put("from", "2026-02-01").put("to", "2026-02-30"))));
    assertEquals("leave[0].to must be a date YYYY-MM-DD", refusal(leave(new JsonObject().put("from", "2026-02-01"))));
    assertEquals("leave[0].to must not be before leave[0].from",
        refusal(leave(new JsonObject().put("from", "2026-12-27").put("to", "2026-12-24"))));
  }

  @Test
  void leaveMaySpanAYearAndADayAtMost() {
    Schedule.fromJson(leave(new JsonObject().put("from", "2028-01-01").put("to", "2028-12-31"))).orElseThrow();
    assertEquals("leave[0] may span at most 366 days",
        refusal(leave(new JsonObject().put("from", "2027-01-01").put("to", "2028-01-02"))));
  }

  @Test
  void tooManyLeaveRangesAreRefused() {
    JsonArray ranges = new JsonArray();
    for (int i = 0; i <= Schedule.MAX_LEAVE; i++) {
      ranges.add(new JsonObject().put("from", "2026-12-24").put("to", "2026-12-24"));
    }
    assertEquals("leave holds at most 100 ranges", refusal(body().put("leave", ranges)));
  }

  @Test
  void removalStillRefusesABadTimezoneOrLeave() {
    assertEquals("timezone must be a time zone name such as Europe/London or UTC",
        refusal(new JsonObject("{\"timezone\":\"Nowhere\",\"workingHours\":[]}")));
    assertEquals("leave must be a list", refusal(new JsonObject("{\"workingHours\":[],\"leave\":7}")));
  }

  private static JsonObject body() {
    return new JsonObject(PROTOCOL_EXAMPLE);
  }

  private static JsonObject without(String field) {
    JsonObject body = body();
    body.remove(field);
    return body;
  }

  private static JsonObject secondWindow(JsonObject window) {
    JsonObject body = body();
    body.getJsonArray("workingHours").set(1, window);
    return body;
  }

  private static JsonObject leave(Object range) {
    return body().put("leave", new JsonArray().add(range));
  }

  private static String refusal(JsonObject body) {
    return assertThrows(IllegalArgumentException.class, () -> Schedule.fromJson(body)).getMessage();
  }
}
