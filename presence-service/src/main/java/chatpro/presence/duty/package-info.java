/**
 * Whether a user is on duty, from their working schedule and manual override: plain Java, no event bus, no
 * database, "now" passed in. {@link chatpro.presence.duty.DutyCalculator#at} gives the answer, when they are next
 * on duty and when to ask again. The rules where the protocol leaves room:
 *
 * <ul>
 *   <li>No schedule (neither the user's own nor the org's default): on duty at all times. A manual off-duty still
 *       holds until its {@code until}; a back-on changes nothing.
 *   <li>A window whose end is not after its start ends on the next day; an end equal to the start is a whole day, to
 *       the same wall-clock time the next day. Midnight is {@code 00:00} ({@code 24:00} is refused), so 17:00-00:00
 *       ends at the midnight that starts the next day. Overlapping and touching windows, also of consecutive days,
 *       act as one, with no boundary between them.
 *   <li>Leave covers whole local days, {@code from} 00:00 up to the midnight after {@code to}, in the schedule's
 *       zone, and cuts any window running through it: a night shift into a leave day ends at that midnight, and a
 *       night shift that began on the last leave day starts at the midnight the leave ends.
 *   <li>Clock changes: windows are wall-clock times, so they last their real elapsed time (22:00-06:00 is 7 hours
 *       across spring-forward, 9 across fall-back). A time a spring-forward skips happens at the jump; a time a
 *       fall-back repeats happens at its first showing. A window wholly inside the skipped hour is empty that day.
 *   <li>{@code offDutyUntil}: for a manual off-duty, its {@code until} (as the protocol says), even when the schedule
 *       keeps the user off after it; otherwise the start of the next working time after any leave.
 *   <li>A manual off-duty's {@code until} must be after now and at most 30 days ahead.
 *   <li>A back-on lasts until the schedule's next boundary after it was set: the start or end of a window (even one
 *       that leave cancels, so back-on during a leave day ends when that day's window would have ended) or the first
 *       or last midnight of a leave range. Then the schedule answers again.
 *   <li>Saving a schedule clears the user's override; that is the caller's job, as is keeping one override per user.
 *   <li>The search looks 400 local days ahead at most. If no change is found in that time (leave ranges back to back
 *       longer than that, or a window covering the whole week), the answer holds as it is, {@code offDutyUntil} is
 *       null even though off duty, and {@code nextChange} is where the search stopped, so the caller asks again.
 *   <li>The schedule's JSON: {@code timezone} a time-zone database name ({@code Europe/London}, {@code UTC}; bare
 *       offsets such as {@code +02:00} refused, as they never follow daylight saving); {@code day} exactly
 *       {@code MON}..{@code SUN}, upper case; times exactly {@code HH:mm}; at most 50 windows and 100 leave ranges,
 *       each range at most 366 days with {@code to} not before {@code from}; unknown fields ignored. An empty
 *       {@code workingHours} removes the schedule; the timezone may then be left out, but fields present are still
 *       checked. Windows and leave are written back in the order saved, with {@code leave} always present.
 * </ul>
 */
package chatpro.presence.duty;
