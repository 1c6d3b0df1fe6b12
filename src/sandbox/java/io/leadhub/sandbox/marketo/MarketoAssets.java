package io.leadhub.sandbox.marketo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadhub.sandbox.SandboxJson;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated instance's programs and channels (fixed seed). A channel defines the progression
 * statuses (name, step) of its programs; an archived program sits in an archive folder and rejects
 * members.
 *
 * <ul>
 * <li>1001 "Demo Expo 2026" (Tradeshow), 1004 "Roadshow 2026" (Tradeshow), 1003 "Robots Webinar" (Webinar);</li>
 * <li>1002 "Legacy Expo 2019" (Tradeshow), archived.</li>
 * </ul>
 */
final class MarketoAssets {

    record Status(String name, int step, boolean success) {}

    record Channel(int id, String name, String programType, List<Status> statuses) {
        Optional<Status> status(String exactName) {
            return statuses.stream().filter(s -> s.name().equals(exactName)).findFirst();
        }
    }

    record Program(
            long id, String name, String type, String channel, boolean archived, int folderId, String folderName) {
        /** The program moved to the archive folder (archived after the hub linked it). */
        Program archive() {
            return archived ? this : new Program(id, name, type, channel, true, 99, "Program Archive");
        }
    }

    static final Map<String, Channel> CHANNELS = Map.of(
            "Tradeshow",
                    new Channel(
                            1,
                            "Tradeshow",
                            "event",
                            List.of(
                                    new Status("Not in Program", 0, false),
                                    new Status("Visited Booth", 10, false),
                                    new Status("Engaged", 20, false),
                                    new Status("Demo Given", 30, true))),
            "Webinar",
                    new Channel(
                            2,
                            "Webinar",
                            "event",
                            List.of(
                                    new Status("Not in Program", 0, false),
                                    new Status("Invited", 10, false),
                                    new Status("Registered", 20, false),
                                    new Status("Attended", 30, true),
                                    new Status("No Show", 30, false))));

    static final Map<Long, Program> PROGRAMS = Map.of(
            1001L, new Program(1001, "Demo Expo 2026", "Event", "Tradeshow", false, 41, "Events 2026"),
            1002L, new Program(1002, "Legacy Expo 2019", "Event", "Tradeshow", true, 99, "Program Archive"),
            1003L, new Program(1003, "Robots Webinar", "Event", "Webinar", false, 41, "Events 2026"),
            1004L, new Program(1004, "Roadshow 2026", "Event", "Tradeshow", false, 41, "Events 2026"));

    private MarketoAssets() {}

    static Optional<Program> program(long id) {
        return Optional.ofNullable(PROGRAMS.get(id));
    }

    static Channel channelOf(Program p) {
        return CHANNELS.get(p.channel());
    }

    /** {@code GET /rest/asset/v1/program/{id}.json} result entry. */
    static ObjectNode view(Program p) {
        ObjectNode n = SandboxJson.object();
        n.put("id", p.id());
        n.put("name", p.name());
        n.put("description", "");
        n.put("createdAt", "2026-01-05T09:00:00Z+0000");
        n.put("updatedAt", "2026-01-05T09:00:00Z+0000");
        n.put("url", "https://app-sj01.marketo.com/#PG" + p.id() + "A1");
        n.put("type", p.type());
        n.put("channel", p.channel());
        ObjectNode folder = n.putObject("folder");
        folder.put("type", "Folder");
        folder.put("value", p.folderId());
        folder.put("folderName", p.folderName());
        // Marketo marks archive folders with isArchive; the simulator inlines the flag here
        folder.put("isArchive", p.archived());
        n.put("status", "");
        n.put("workspace", "Default");
        n.putArray("tags");
        n.putArray("costs");
        return n;
    }

    /** {@code GET /rest/asset/v1/channel/byName.json} result entry. */
    static ObjectNode view(Channel c) {
        ObjectNode n = SandboxJson.object();
        n.put("id", c.id());
        n.put("name", c.name());
        n.put("applicableProgramType", c.programType());
        ArrayNode statuses = n.putArray("progressionStatuses");
        for (Status s : c.statuses()) {
            statuses.addObject()
                    .put("name", s.name())
                    .put("step", s.step())
                    .put("success", s.success())
                    .put("hidden", false)
                    .put("description", "");
        }
        n.put("createdAt", "2025-06-01T09:00:00Z+0000");
        n.put("updatedAt", "2025-06-01T09:00:00Z+0000");
        return n;
    }
}
