package io.leadhub.console;

import io.leadhub.integration.Integration;
import io.leadhub.mapping.MappingService;
import io.leadhub.mapping.QualifierMapping;
import io.leadhub.org.OrgRepository;
import io.leadhub.org.Qualifier;
import io.leadhub.sync.ManualSync;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * An integration's Qualifiers tab: every value of every qualifier of the org with the vendor option it
 * maps to; a value without a mapping (which fails its leads with NO_TAG_MAPPING) stands out. Saving or
 * removing one value replaces the integration's qualifier mappings through {@link MappingService}.
 */
@Controller
class QualifiersTab {
    private final MappingService mappings;
    private final OrgRepository orgs;
    private final ManualSync manualSync;

    QualifiersTab(MappingService mappings, OrgRepository orgs, ManualSync manualSync) {
        this.mappings = mappings;
        this.orgs = orgs;
        this.manualSync = manualSync;
    }

    /** One qualifier value and its mapping (null: unmapped); {@code asText}: the qualifier is sent as text. */
    public record ValueRow(String value, QualifierMapping mapping, QualifierMapping asText) {
        public boolean unmapped() {
            return mapping == null && asText == null;
        }
    }

    /** A qualifier with its values, and the object / field its values go to by default. */
    public record QualifierRows(
            Qualifier qualifier, List<ValueRow> values, String object, String vendorField, List<String> options) {}

    @GetMapping("/console/orgs/{org}/integrations/{vendor}/qualifiers")
    String page(@PathVariable String org, @PathVariable String vendor, Model model) {
        Integration i = manualSync.integration(org, VendorDisplay.parse(vendor).key());
        TabModel.integration(model, i.vendor(), i);
        List<QualifierMapping> all = mappings.qualifiers(org, i.vendor().key());
        List<String> objects = mappings.objects(i);
        List<QualifierRows> out = new ArrayList<>();
        int unmapped = 0;
        for (Qualifier q : orgs.qualifiers(org)) {
            List<QualifierMapping> mine =
                    all.stream().filter(m -> m.qualifier().equals(q.name())).toList();
            QualifierMapping asText =
                    mine.stream().filter(m -> m.value() == null).findFirst().orElse(null);
            List<ValueRow> values = new ArrayList<>();
            for (String v : q.values()) {
                QualifierMapping m = mine.stream()
                        .filter(x -> v.equals(x.value()))
                        .findFirst()
                        .orElse(null);
                values.add(new ValueRow(v, m, asText));
                if (m == null && asText == null && q.active()) unmapped++;
            }
            QualifierMapping model0 = mine.isEmpty() ? null : mine.get(0);
            String object = model0 != null ? model0.object() : objects.isEmpty() ? "" : objects.get(0);
            String field = model0 != null ? model0.vendorField() : "";
            TreeSet<String> options = new TreeSet<>();
            all.stream()
                    .filter(m -> field.equals(m.vendorField()))
                    .map(QualifierMapping::vendorValue)
                    .filter(Objects::nonNull)
                    .forEach(options::add);
            out.add(new QualifierRows(q, values, object, field, List.copyOf(options)));
        }
        model.addAttribute("qualifiers", out);
        model.addAttribute("unmapped", unmapped);
        model.addAttribute("objects", objects);
        return "console/qualifiers";
    }

    @PostMapping("/console/orgs/{org}/integrations/{vendor}/qualifiers")
    String save(
            @PathVariable String org,
            @PathVariable String vendor,
            @RequestParam String qualifier,
            @RequestParam String value,
            @RequestParam String object,
            @RequestParam String vendorField,
            @RequestParam String vendorValue,
            RedirectAttributes ra) {
        String v = VendorDisplay.parse(vendor).key();
        List<QualifierMapping> rows = without(mappings.qualifiers(org, v), qualifier, value);
        rows.add(new QualifierMapping(qualifier, value, object.trim(), vendorField.trim(), vendorValue.trim()));
        mappings.replaceQualifiers(org, v, rows);
        ra.addFlashAttribute("notice", qualifier + " \"" + value + "\" now maps to \"" + vendorValue.trim() + "\".");
        return "redirect:/console/orgs/" + org + "/integrations/" + v + "/qualifiers";
    }

    @PostMapping("/console/orgs/{org}/integrations/{vendor}/qualifiers/remove")
    String remove(
            @PathVariable String org,
            @PathVariable String vendor,
            @RequestParam String qualifier,
            @RequestParam String value,
            RedirectAttributes ra) {
        String v = VendorDisplay.parse(vendor).key();
        mappings.replaceQualifiers(org, v, without(mappings.qualifiers(org, v), qualifier, value));
        ra.addFlashAttribute("notice", qualifier + " \"" + value + "\" is no longer mapped.");
        return "redirect:/console/orgs/" + org + "/integrations/" + v + "/qualifiers";
    }

    private static List<QualifierMapping> without(List<QualifierMapping> rows, String qualifier, String value) {
        List<QualifierMapping> out = new ArrayList<>(rows);
        out.removeIf(m -> m.qualifier().equals(qualifier) && value.equals(m.value()));
        return out;
    }
}
