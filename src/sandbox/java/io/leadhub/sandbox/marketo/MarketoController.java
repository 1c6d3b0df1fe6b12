package io.leadhub.sandbox.marketo;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.sandbox.SimulatorController;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Marketo REST endpoints of the simulator (paths as on {@code https://<munchkin>.mktorest.com},
 * under /sandbox/marketo): the lead database ({@code /rest/v1/…}) and the asset API's programs and
 * channels ({@code /rest/asset/v1/…}). Every answer is HTTP 200; errors are in the body.
 */
@RestController
@Profile("sandbox")
@RequestMapping("/sandbox/marketo")
public class MarketoController extends SimulatorController {

    private final MarketoSimulator simulator;
    private final MarketoLeadDatabase leads;

    public MarketoController(MarketoSimulator simulator, MarketoLeadDatabase leads) {
        this.simulator = simulator;
        this.leads = leads;
    }

    @PostMapping("/rest/v1/leads.json")
    public JsonNode syncLeads(HttpServletRequest request, @RequestBody JsonNode body) {
        simulator.received(request, body);
        return simulator.concurrent(() -> leads.sync(body));
    }

    @GetMapping("/rest/v1/leads.json")
    public JsonNode getLeads(
            HttpServletRequest request,
            @RequestParam(required = false) String filterType,
            @RequestParam(required = false) String filterValues,
            @RequestParam(required = false) String fields) {
        simulator.received(request, null);
        return simulator.concurrent(() -> leads.get(filterType, filterValues, fields));
    }

    @GetMapping("/rest/v1/leads/describe.json")
    public JsonNode describeLeads(HttpServletRequest request) {
        simulator.received(request, null);
        return simulator.concurrent(leads::describe);
    }

    @PostMapping("/rest/v1/programs/{programId}/members/status.json")
    public JsonNode setMemberStatus(
            HttpServletRequest request, @PathVariable String programId, @RequestBody JsonNode body) {
        simulator.received(request, body);
        return simulator.concurrent(() -> leads.setStatus(programId(programId), body));
    }

    @GetMapping("/rest/v1/programs/{programId}/members.json")
    public JsonNode members(
            HttpServletRequest request,
            @PathVariable String programId,
            @RequestParam(required = false) String filterType,
            @RequestParam(required = false) String filterValues) {
        simulator.received(request, null);
        return simulator.concurrent(() -> leads.members(programId(programId), filterType, filterValues));
    }

    @GetMapping("/rest/asset/v1/program/{id}.json")
    public JsonNode program(HttpServletRequest request, @PathVariable String id) {
        simulator.received(request, null);
        return simulator.concurrent(() -> leads.program(programId(id)));
    }

    @GetMapping("/rest/asset/v1/channel/byName.json")
    public JsonNode channel(HttpServletRequest request, @RequestParam(required = false) String name) {
        simulator.received(request, null);
        return simulator.concurrent(() -> leads.channel(name));
    }

    private static long programId(String raw) {
        if (!raw.matches("\\d{1,12}")) {
            throw MarketoSimulator.error("1003", "Invalid program id '" + raw + "'");
        }
        return Long.parseLong(raw);
    }
}
