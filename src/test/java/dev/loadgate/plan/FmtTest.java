package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The numbers reasons print, at each boundary where the format changes. */
class FmtTest {
  @Test
  void numbersAreWholeFromOneHundredAndOneDecimalBelow() {
    assertEquals("100", Fmt.num(100));
    assertEquals("99.5", Fmt.num(99.5));
    assertEquals("-100", Fmt.num(-100));
    assertEquals("-99.5", Fmt.num(-99.5));
    assertEquals("7", Fmt.num(7), "a whole number below 100 has no decimal");
    assertEquals("2.3", Fmt.num(2.34));
    assertEquals("1,786", Fmt.num(1785.7));
    assertEquals("25,000 ev/s", Fmt.rate(25_000));
    assertEquals("0 ev/s", Fmt.rate(0));
  }

  @Test
  void percentagesAreWholeFromTenAndOneDecimalBelow() {
    assertEquals("12%", Fmt.percent(0.123));
    assertEquals("9.5%", Fmt.percent(0.095));
    assertEquals("5%", Fmt.percent(0.05), "a whole percentage below 10 has no decimal");
    assertEquals("100%", Fmt.percent(1));
    assertEquals("0.5%", Fmt.percent(0.005));
  }

  @Test
  void durationsAreSecondsUnderTwoMinutesMinutesUnderTwoHoursThenHours() {
    assertEquals("119 s", Fmt.seconds(119));
    assertEquals("2 min", Fmt.seconds(120));
    assertEquals("90 min", Fmt.seconds(5400));
    assertEquals("120 min", Fmt.seconds(7199.9));
    assertEquals("2.0 h", Fmt.seconds(7200));
    assertEquals("3.2 h", Fmt.seconds(11_520));
    assertEquals("1.5 s", Fmt.seconds(1.5));
  }

  @Test
  void factorsKeepThreeSignificantDigits() {
    assertEquals("0.833", Fmt.factor(5000.0 / 6000));
    assertEquals("0.0222", Fmt.factor(60.0 / 2700));
    assertEquals("1", Fmt.factor(1));
    assertEquals("1230", Fmt.factor(1234));
    assertEquals(0.833, Fmt.round3(0.83333), 0);
    assertEquals(1.0, Fmt.round3(0.9996), 0);
  }
}
