// ESLint with typescript-eslint's type-checked rules; floating promises are errors.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
    { ignores: ["dist/**", "node_modules/**", "examples/**", "eslint.config.mjs"] },
    js.configs.recommended,
    ...tseslint.configs.recommendedTypeChecked,
    {
        languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
        rules: {
            "@typescript-eslint/no-floating-promises": [
                "error",
                {
                    allowForKnownSafeCalls: [
                        {
                            from: "package",
                            package: "node:test",
                            name: ["describe", "it", "test", "suite", "before", "after", "beforeEach", "afterEach"],
                        },
                    ],
                },
            ],
            "@typescript-eslint/no-explicit-any": "error",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
            "@typescript-eslint/require-await": "off",
            "@typescript-eslint/no-require-imports": "off",
        },
    },
    // The house (README "Layout"): material/ knows no cloud and no other folder; the core, shared validation and
    // redaction know no target; a target never reaches into the other.
    {
        files: ["provider/material/**/*.ts"],
        rules: {
            "no-restricted-imports": [
                "error",
                {
                    patterns: [
                        {
                            regex: "^\\.\\./",
                            message:
                                "provider/material/ is cloud-neutral and self-contained: import only within it and from libraries.",
                        },
                    ],
                },
            ],
        },
    },
    {
        files: ["provider/deploy/**/*.ts", "provider/validate/**/*.ts", "provider/redaction/**/*.ts"],
        rules: {
            "no-restricted-imports": [
                "error",
                {
                    patterns: [
                        {
                            regex: "^\\.\\./(acm|keyvault)/",
                            message:
                                "the core, shared validation and redaction serve both targets: move target knowledge into provider/acm/ or provider/keyvault/.",
                        },
                    ],
                },
            ],
        },
    },
    {
        files: ["provider/acm/**/*.ts"],
        rules: {
            "no-restricted-imports": [
                "error",
                {
                    patterns: [
                        {
                            regex: "^\\.\\./keyvault/",
                            message:
                                "provider/acm/ must not import provider/keyvault/: share through deploy/, validate/ or material/.",
                        },
                    ],
                },
            ],
        },
    },
    {
        files: ["provider/keyvault/**/*.ts"],
        rules: {
            "no-restricted-imports": [
                "error",
                {
                    patterns: [
                        {
                            regex: "^\\.\\./acm/",
                            message:
                                "provider/keyvault/ must not import provider/acm/: share through deploy/, validate/ or material/.",
                        },
                    ],
                },
            ],
        },
    },
);
