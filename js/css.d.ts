// esbuild's text loader turns styles.css into a string (see package.json).
declare module "*.css" {
  const text: string;
  export default text;
}
