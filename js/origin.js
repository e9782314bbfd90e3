/**
 * Where the checkout server is, seen from a copy of `checkout.js`, and how its
 * on-demand parts (on-site messaging, the custom element) are loaded with
 * their integrity checked.
 */

/**
 * The checkout server's base URL from the loader's own URL: the directory of
 * `/checkout.js`, or the parent of `/pkg/` for a versioned copy
 * (`/pkg/checkout.<hash>.js`). A server under a path prefix works the same way.
 * @param {string} scriptUrl
 */
export function serverBase(scriptUrl) {
  const dir = new URL('.', scriptUrl);
  return (/\/pkg\/$/.test(dir.pathname) ? new URL('..', dir) : dir).href;
}

const loaded = {};

/**
 * Imports the on-demand part `file` (`<name>.<hash>.js` under `pkg/`, where
 * `<hash>` is the base64url SHA-256 of the file, so its Subresource Integrity
 * needs no second string in this loader) once. A `modulepreload` link carries
 * the integrity (dynamic `import()` can't), and the import then takes the
 * module from the module map that preload filled; a mismatch fails both.
 * @param {string} base the checkout server's base URL
 * @param {string} file
 */
export function part(base, file) {
  const url = new URL('pkg/' + file, base).href;
  return (loaded[url] ||= new Promise((resolve, reject) => {
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.href = url;
    link.integrity = 'sha256-' + file.split('.')[1].replace(/-/g, '+').replace(/_/g, '/') + '=';
    link.crossOrigin = 'anonymous';
    link.onload = () => import(url).then(resolve, reject);
    link.onerror = () => reject(new Error(url + ': failed to load or to match its integrity'));
    document.head.append(link);
  }));
}
