/** The kiosk shell's package.json (scripts/electron-app.js). */
export function shellPackageJson(project?: { version: string }): {
  name: string;
  version: string;
  description: string;
  author: string;
  private: boolean;
  main: string;
  type: 'commonjs';
};
