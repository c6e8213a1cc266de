package org.chrononbeam.model.builder;

import static org.chrononbeam.model.builder.ArgumentChecks.requireText;

import org.chrononbeam.api.EventSource;
import org.chrononbeam.api.Source;

/**
 * Builds an events source: a ds-partitioned table of immutable events and, for realtime features,
 * the topic that carries them. Start with {@link Sources#events(String)}.
 */
public final class EventSourceBuilder extends SourceBuilder<EventSourceBuilder> {

  private final String table;
  private String topic;
  private Boolean cumulative;

  EventSourceBuilder(String table) {
    this.table = requireText(table, "event table");
  }

  /** The topic carrying the same events in realtime. */
  public EventSourceBuilder topic(String topic) {
    this.topic = requireText(topic, "event topic");
    return this;
  }

  /** Whether each partition holds every event up to its date, so only the latest is read. */
  public EventSourceBuilder cumulative(boolean cumulative) {
    this.cumulative = cumulative;
    return this;
  }

  @Override
  public Source build() {
    EventSource events = new EventSource().setTable(table).setTopic(topic).setQuery(buildQuery());
    if (cumulative != null) {
      events.setIsCumulative(cumulative);
    }
    return Source.events(events);
  }
}
