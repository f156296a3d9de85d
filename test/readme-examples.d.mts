// Types of test/readme-examples.mjs (a plain script, so CI can run it without tsx).
export interface ReadmeExample {
  line: number;
  command: string;
  output: string;
}
export function readmeExamples(markdown: string): ReadmeExample[];
