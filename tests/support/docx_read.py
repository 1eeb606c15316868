"""Read a DOCX back the way Word resolves it: a property's effective value comes from the
run, then the paragraph's style and the styles it is based on, then the document
defaults.  Tests use it to check what a reader of the document would actually get."""

from __future__ import annotations

from dataclasses import dataclass

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass
class Effective:
    east_asia_font: str | None
    ascii_font: str | None
    size_pt: float | None
    bold: bool
    char_spacing: int | None  # twentieths of a point
    theme_fonts: bool  # any theme-font attribute on the way (it would win over the names)


class Resolver:
    def __init__(self, document):
        self.document = document
        self.styles = {s.get(w("styleId")): s for s in
                       document.styles.element.findall(w("style"))}
        defaults = document.styles.element.find(w("docDefaults"))
        self.default_rpr = defaults.find(f"{w('rPrDefault')}/{w('rPr')}") if defaults is not None else None
        self.default_ppr = defaults.find(f"{w('pPrDefault')}/{w('pPr')}") if defaults is not None else None

    def _chain(self, style_id: str | None) -> list:
        chain = []
        while style_id and style_id in self.styles:
            style = self.styles[style_id]
            chain.append(style)
            based = style.find(w("basedOn"))
            style_id = based.get(w("val")) if based is not None else None
        return chain

    def _style_id(self, paragraph) -> str:
        ppr = paragraph._p.pPr
        if ppr is not None and ppr.find(w("pStyle")) is not None:
            return ppr.find(w("pStyle")).get(w("val"))
        return "Normal"

    def run_property(self, paragraph, run, tag: str):
        """The nearest w:<tag> element in the run, style chain, or defaults."""
        holders = []
        if run is not None and run._r.rPr is not None:
            holders.append(run._r.rPr)
        holders += [s.find(w("rPr")) for s in self._chain(self._style_id(paragraph))]
        holders.append(self.default_rpr)
        for rpr in holders:
            if rpr is not None and rpr.find(w(tag)) is not None:
                return rpr.find(w(tag))
        return None

    def para_property(self, paragraph, tag: str):
        holders = [paragraph._p.pPr] + [s.find(w("pPr")) for s in
                                        self._chain(self._style_id(paragraph))]
        holders.append(self.default_ppr)
        for ppr in holders:
            if ppr is not None and ppr.find(w(tag)) is not None:
                return ppr.find(w(tag))
        return None

    def effective(self, paragraph, run=None) -> Effective:
        fonts = self.run_property(paragraph, run, "rFonts")
        size = self.run_property(paragraph, run, "sz")
        bold = self.run_property(paragraph, run, "b")
        spacing = self.run_property(paragraph, run, "spacing")
        theme = fonts is not None and any(k.endswith("Theme") or k.endswith("theme")
                                          for k in fonts.attrib)
        return Effective(
            east_asia_font=fonts.get(w("eastAsia")) if fonts is not None else None,
            ascii_font=fonts.get(w("ascii")) if fonts is not None else None,
            size_pt=int(size.get(w("val"))) / 2 if size is not None else None,
            bold=bold is not None and bold.get(w("val"), "1") not in ("0", "false"),
            char_spacing=int(spacing.get(w("val"))) if spacing is not None else None,
            theme_fonts=theme)

    def outline_level(self, paragraph) -> int | None:
        element = self.para_property(paragraph, "outlineLvl")
        return int(element.get(w("val"))) if element is not None else None

    def line_spacing(self, paragraph) -> tuple[int | None, str | None]:
        element = self.para_property(paragraph, "spacing")
        if element is None:
            return None, None
        line = element.get(w("line"))
        return (int(line) if line else None), element.get(w("lineRule"))

    def first_line_indent(self, paragraph) -> int:
        element = self.para_property(paragraph, "ind")
        return int(element.get(w("firstLine"), "0")) if element is not None else 0

    def alignment(self, paragraph) -> str | None:
        element = self.para_property(paragraph, "jc")
        return element.get(w("val")) if element is not None else None
