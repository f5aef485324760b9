// ESLint flat config: typescript-eslint's recommended rules, with errors only for real problems
// (unused code and style are warnings or off, so new code passes without churn). `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'build/**', 'node_modules/**', 'bench/out/**', 'coverage/**', 'assembly/**', 'src/runtime/wasm-inline.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-expressions': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
      'no-constant-condition': ['error', { checkLoops: false }],
      'prefer-const': 'warn',
      // Escaping control characters in messages is deliberate.
      'no-control-regex': 'off',
    },
  },
  {
    // Plain JavaScript scripts: tsc (bench/tsconfig.json) checks their names, so no-undef adds nothing.
    files: ['**/*.mjs', '**/*.js'],
    rules: { 'no-undef': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
);
