package dev.livemig.migration;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One memory pass: pages and bytes sent, how long it took, and the pages the guest dirtied while it
 * ran (those are what the next pass sends). {@code kind} is {@code precopy} or {@code stop-and-copy}.
 */
@JsonPropertyOrder({"pass", "kind", "pages", "bytes", "seconds", "dirtiedPages"})
public record PassRecord(int pass, String kind, long pages, long bytes, double seconds, long dirtiedPages) {}
