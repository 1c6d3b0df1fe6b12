package io.leadhub.console;

import io.leadhub.connector.WritePolicy;
import io.leadhub.integration.Integration;
import io.leadhub.mapping.FieldMapping;
import io.leadhub.mapping.FieldType;
import io.leadhub.mapping.MappingService;
import io.leadhub.org.OrgRepository;
import io.leadhub.sync.ManualSync;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriUtils;

/**
 * An integration's Mapping tab: per vendor object, the hub field → vendor field rows with type and
 * write policy, each saved as soon as it changes; add and remove rows, Set defaults, clear. Every
 * change goes through {@link MappingService} (the API's rules) and replaces the object's rows at once.
 */
@Controller
class MappingTab {
    private final MappingService mappings;
    private final ManualSync manualSync;
    private final OrgRepository orgs;

    MappingTab(MappingService mappings, ManualSync manualSync, OrgRepository orgs) {
        this.mappings = mappings;
        this.manualSync = manualSync;
        this.orgs = orgs;
    }

    /** One row as a form sends it. */
    record RowForm(
            String hubField,
            String vendorField,
            FieldType type,
            WritePolicy writePolicy,
            Boolean truncate,
            Integer maxLength) {
        FieldMapping toMapping() {
            return new FieldMapping(
                    trim(hubField), trim(vendorField), type, writePolicy, Boolean.TRUE.equals(truncate), maxLength);
        }

        private static String trim(String s) {
            return s == null ? null : s.trim();
        }
    }

    @GetMapping("/console/orgs/{org}/integrations/{vendor}/mapping")
    String page(
            @PathVariable String org,
            @PathVariable String vendor,
            @RequestParam(defaultValue = "") String object,
            Model model) {
        Integration i = manualSync.integration(org, VendorDisplay.parse(vendor).key());
        TabModel.integration(model, i.vendor(), i);
        List<String> objects = mappings.objects(i);
        String selected = object.isBlank() ? (objects.isEmpty() ? "" : objects.get(0)) : object;
        List<FieldMapping> rows =
                selected.isEmpty() ? List.of() : mappings.fields(org, i.vendor().key(), selected);
        TreeSet<String> vendorFields = new TreeSet<>(mappings.suggestedVendorFields(i.vendor(), selected));
        rows.forEach(r -> vendorFields.add(r.vendorField()));
        model.addAttribute("objects", objects);
        model.addAttribute("object", selected);
        model.addAttribute("rows", rows);
        model.addAttribute("hubFields", MappingService.hubFields());
        model.addAttribute("vendorFields", vendorFields);
        model.addAttribute("types", FieldType.values());
        model.addAttribute("policies", WritePolicy.values());
        model.addAttribute("events", orgs.events(org));
        return "console/mapping";
    }

    /** Saves one changed row (htmx, on change): answers the row with "Saved". */
    @PostMapping("/console/orgs/{org}/integrations/{vendor}/mapping/{object}/rows/{index}")
    String saveRow(
            @PathVariable String org,
            @PathVariable String vendor,
            @PathVariable String object,
            @PathVariable int index,
            RowForm form,
            HttpServletRequest req,
            Model model) {
        String v = VendorDisplay.parse(vendor).key();
        List<FieldMapping> rows = new ArrayList<>(mappings.fields(org, v, object));
        if (index < 0 || index >= rows.size()) throw new ConsoleNotFound("mapping row " + index);
        rows.set(index, form.toMapping());
        List<FieldMapping> saved = mappings.replaceFields(org, v, object, rows);
        if (req.getHeader("HX-Request") == null) return tab(org, v, object);
        model.addAttribute("row", saved.get(index));
        model.addAttribute("index", index);
        model.addAttribute("object", object);
        model.addAttribute("vendorKey", v);
        model.addAttribute("hubFields", MappingService.hubFields());
        model.addAttribute("types", FieldType.values());
        model.addAttribute("policies", WritePolicy.values());
        model.addAttribute("saved", true);
        return "console/mapping-row :: row";
    }

    @PostMapping("/console/orgs/{org}/integrations/{vendor}/mapping/{object}/rows")
    String addRow(
            @PathVariable String org,
            @PathVariable String vendor,
            @PathVariable String object,
            RowForm form,
            RedirectAttributes ra) {
        String v = VendorDisplay.parse(vendor).key();
        List<FieldMapping> rows = new ArrayList<>(mappings.fields(org, v, object));
        rows.add(form.toMapping());
        mappings.replaceFields(org, v, object, rows);
        ra.addFlashAttribute("notice", "Row added: " + form.hubField() + " → " + form.vendorField() + ".");
        return tab(org, v, object);
    }

    @PostMapping("/console/orgs/{org}/integrations/{vendor}/mapping/{object}/rows/{index}/delete")
    String deleteRow(
            @PathVariable String org,
            @PathVariable String vendor,
            @PathVariable String object,
            @PathVariable int index,
            RedirectAttributes ra) {
        String v = VendorDisplay.parse(vendor).key();
        List<FieldMapping> rows = new ArrayList<>(mappings.fields(org, v, object));
        if (index < 0 || index >= rows.size()) throw new ConsoleNotFound("mapping row " + index);
        FieldMapping removed = rows.remove(index);
        mappings.replaceFields(org, v, object, rows);
        ra.addFlashAttribute("notice", "Row removed: " + removed.hubField() + " → " + removed.vendorField() + ".");
        return tab(org, v, object);
    }

    @PostMapping("/console/orgs/{org}/integrations/{vendor}/mapping/{object}/defaults")
    String defaults(
            @PathVariable String org, @PathVariable String vendor, @PathVariable String object, RedirectAttributes ra) {
        String v = VendorDisplay.parse(vendor).key();
        int n = mappings.setDefaults(org, v, object).size();
        ra.addFlashAttribute("notice", "The recommended mapping of " + object + " is set (" + n + " fields).");
        return tab(org, v, object);
    }

    @PostMapping("/console/orgs/{org}/integrations/{vendor}/mapping/{object}/clear")
    String clear(
            @PathVariable String org, @PathVariable String vendor, @PathVariable String object, RedirectAttributes ra) {
        String v = VendorDisplay.parse(vendor).key();
        mappings.clear(org, v, object);
        ra.addFlashAttribute("notice", "The mapping of " + object + " is cleared.");
        return tab(org, v, object);
    }

    private static String tab(String org, String vendor, String object) {
        return "redirect:/console/orgs/" + org + "/integrations/" + vendor + "/mapping?object="
                + UriUtils.encodeQueryParam(object, StandardCharsets.UTF_8);
    }
}
