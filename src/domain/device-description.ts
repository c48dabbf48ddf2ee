// A session's DeviceType: the browser or app and the operating system, read from a User-Agent
// ("Chrome 125 / macOS 10.15.7", "aws-sdk-js 3.1169.0 / Linux"), or "unknown" as Cognito says.
// Pure and bounded: a User-Agent is the caller's text, so only short prefixes are matched.

const MAX_LENGTH = 1024;

// First match wins: Edge and Opera also say "Chrome", Chrome also says "Safari".
const APPS: Array<[RegExp, string]> = [
  [/\bEdgA?\/(\d+)/, 'Edge'],
  [/\bOPR\/(\d+)/, 'Opera'],
  [/\bFirefox\/(\d+)/, 'Firefox'],
  // Headless Chrome (automation, server-side rendering) says HeadlessChrome.
  [/\b(?:Headless)?Chrom(?:e|ium)\/(\d+)/, 'Chrome'],
  [/\bVersion\/(\d+(?:\.\d+)?)[^\n]{0,64}Safari\//, 'Safari'],
  [/\b(aws-sdk-[a-z]{1,20})\/(\d+(?:\.\d+){0,3})/, ''],
  [/\baws-amplify\/(\d+(?:\.\d+){0,3})/, 'aws-amplify'],
  [/\bcurl\/(\d+(?:\.\d+){0,3})/, 'curl'],
];

const SYSTEMS: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [/\b(?:iPhone|CPU) OS (\d+)_(\d+)/, (m) => `iOS ${m[1]}.${m[2]}`],
  [/\bAndroid (\d+(?:\.\d+)?)/, (m) => `Android ${m[1]}`],
  [/\bMac OS X (\d+)[._](\d+)(?:[._](\d+))?/, (m) => `macOS ${[m[1], m[2], m[3]].filter(Boolean).join('.')}`],
  [/\bWindows NT \d+/, () => 'Windows'],
  [/\bCrOS\b/, () => 'ChromeOS'],
  [/\bLinux\b/i, () => 'Linux'],
  // The AWS SDKs' own form: os/linux#6.1, os/macos#14.0, os/windows#10.
  [/\bos\/(linux|macos|darwin|windows|win32)/i, (m) => ({ linux: 'Linux', macos: 'macOS', darwin: 'macOS', windows: 'Windows', win32: 'Windows' })[m[1].toLowerCase()]!],
];

export function describeDevice(userAgent: string | undefined): string {
  if (!userAgent) return 'unknown';
  const text = userAgent.slice(0, MAX_LENGTH);
  let app: string | undefined;
  for (const [pattern, name] of APPS) {
    const m = pattern.exec(text);
    if (m) {
      app = name ? `${name} ${m[1]}` : `${m[1]} ${m[2]}`;
      break;
    }
  }
  let system: string | undefined;
  for (const [pattern, name] of SYSTEMS) {
    const m = pattern.exec(text);
    if (m) {
      system = name(m);
      break;
    }
  }
  if (!app && !system) return 'unknown';
  return [app, system].filter(Boolean).join(' / ');
}
