package cn.tuoyu.sentinel.pipeline.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A rule whose subject is a room: it looks at each occupied room's headcount in turn. Subclasses
 * decide one room; this class skips disabled rules and walks the rooms.
 */
public abstract class RoomRule implements InstitutionRule {
  private static final long serialVersionUID = 1L;

  @Override
  public final List<Observation> observe(InstitutionSnapshot s, RuleSettings settings) {
    if (!settings.enabled()) {
      return List.of();
    }
    List<Observation> breaches = new ArrayList<>();
    for (String roomId : s.occupiedRoomIds()) {
      observeRoom(s, RoomHeadcount.of(s, roomId), settings).ifPresent(breaches::add);
    }
    return breaches;
  }

  /** The breach in one occupied room, if there is one. */
  protected abstract Optional<Observation> observeRoom(
      InstitutionSnapshot s, RoomHeadcount h, RuleSettings settings);
}
