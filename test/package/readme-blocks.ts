/** The first ```ts block under a README heading (any level), as the README shows it. */
export function readmeBlock(readme: string, heading: string): string {
    const lines = readme.split("\n");
    const start = lines.findIndex((l) => /^#{1,6} /.test(l) && l.replace(/^#+ /, "").trim() === heading);
    if (start < 0) throw new Error(`README has no heading "${heading}"`);
    const open = lines.findIndex((l, i) => i > start && /^```(ts|typescript)\s*$/.test(l));
    const nextHeading = lines.findIndex((l, i) => i > start && /^#{1,6} /.test(l));
    if (open < 0 || (nextHeading >= 0 && open > nextHeading))
        throw new Error(`README's "${heading}" has no \`\`\`ts block`);
    const close = lines.findIndex((l, i) => i > open && l.startsWith("```"));
    return lines.slice(open + 1, close).join("\n") + "\n";
}
