package cn.tuoyu.sentinel.dashboard;

import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import java.util.ArrayList;
import java.util.List;

/**
 * What a user may see — the one place tenant isolation is decided. Every Elasticsearch request of
 * the API is built through {@link #filter} (a {@code bool} whose first filter is the scope), and
 * every transition on the live stream and every webhook delivery passes {@link #admits}. Client
 * parameters only narrow within it ({@link #narrow}).
 */
public final class Scope {
  private final Role role;
  private final String value;

  private Scope(Role role, String value) {
    this.role = role;
    this.value = value;
  }

  public static Scope of(User u) {
    return new Scope(u.role(), u.scope());
  }

  public Role role() {
    return role;
  }

  /** The region prefix of an operator, or the institutionId of an institution; "" otherwise. */
  public String value() {
    return value;
  }

  /** Whether an alert of this region and institution is visible. */
  public boolean admits(String regionCode, String institutionId) {
    return switch (role) {
      case OPERATOR -> regionCode != null && regionCode.startsWith(value);
      case INSTITUTION -> value.equals(institutionId);
      case ANALYST, ADMIN -> true;
    };
  }

  /** Whether a region prefix asked for by a client can contain anything visible. */
  public boolean overlapsRegion(String prefix) {
    return role != Role.OPERATOR || prefix.startsWith(value) || value.startsWith(prefix);
  }

  /** The scope as a query (typed builders only; never a string into the query DSL). */
  public Query query() {
    return switch (role) {
      case OPERATOR -> Query.of(q -> q.prefix(p -> p.field("regionCode").value(value)));
      case INSTITUTION -> Query.of(q -> q.term(t -> t.field("institutionId").value(value)));
      case ANALYST, ADMIN -> Query.of(q -> q.matchAll(m -> m));
    };
  }

  /** {@code bool { filter: [scope, ...narrowing] }}: what every request of the API searches. */
  public Query filter(List<Query> narrowing) {
    List<Query> all = new ArrayList<>();
    all.add(query());
    all.addAll(narrowing);
    return Query.of(q -> q.bool(b -> b.filter(all)));
  }

  /** A region filter a client asked for, within the scope. */
  public static Query regionPrefix(String prefix) {
    return Query.of(q -> q.prefix(p -> p.field("regionCode").value(prefix)));
  }

  @Override
  public String toString() {
    return role.label() + (value.isEmpty() ? "" : ":" + value);
  }
}
