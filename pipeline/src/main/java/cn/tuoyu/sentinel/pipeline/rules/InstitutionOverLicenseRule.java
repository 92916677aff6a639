package cn.tuoyu.sentinel.pipeline.rules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * INSTITUTION_OVER_LICENSE (subject: institution): more children checked in, whether in a room or
 * not, than the institution's {@code licensedPlaces} (核定托位). No thresholds: the limit is reference
 * data.
 */
public final class InstitutionOverLicenseRule implements InstitutionRule {
  private static final long serialVersionUID = 1L;

  @Override
  public String id() {
    return RuleIds.INSTITUTION_OVER_LICENSE;
  }

  @Override
  public List<Observation> observe(InstitutionSnapshot s, RuleSettings settings) {
    if (!settings.enabled()) {
      return List.of();
    }
    int checkedIn = s.childrenCheckedIn().size();
    int licensed = s.institution().getLicensedPlaces();
    if (checkedIn <= licensed) {
      return List.of();
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("checkedIn", checkedIn);
    details.put("licensedPlaces", licensed);
    String message = s.institution().getName() + "：在园幼儿" + checkedIn + "名，超过核定托位" + licensed + "个";
    return List.of(
        new Observation(id(), SubjectKey.institution(s.institutionId()), null, message, details));
  }
}
