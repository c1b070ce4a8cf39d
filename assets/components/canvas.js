// The Explore page's network drawing: one Plotly graph that stays mounted across Streamlit reruns.
//
// Streamlit (components v2) calls the default export on the first render and again whenever the data or
// the app theme changes, with the same parentElement. The graph div is created once; later calls update it
// with Plotly.react (a colour, size or search change restyles the markers, the WebGL context and the edge
// image stay). Data (engine/figures/canvas.py): {figure, images, geometry, config, plotly}: an image (edges,
// an overview's nodes) comes as "graphlens-image:<id>" and is filled from `images` or from this document's
// cache; an id that is in neither is asked for again with the trigger "missing". A box or lasso selection is sent back as the
// state "selection": {geometry, box: [{x, y}]} or {geometry, lasso: [{x, y}]}, null when cleared.

const REFERENCE = "graphlens-image:";
const CACHED_IMAGES = 8; // KNOWN_IMAGES in pages/_canvas.py
const cache = new Map(); // image id -> data URI, most recent last (shared by every mount in this document)
let plotlyLoad = null;

function loadPlotly(url) {
  if (window.Plotly && window.Plotly.react) return Promise.resolve(window.Plotly);
  if (plotlyLoad === null) {
    plotlyLoad = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = new URL(url, document.baseURI).href;
      script.async = true;
      script.onload = () => resolve(window.Plotly);
      script.onerror = () => {
        plotlyLoad = null;
        script.remove();
        reject(new Error(`could not load Plotly from ${script.src}`));
      };
      document.head.appendChild(script);
    });
  }
  return plotlyLoad;
}

function remember(id, source) {
  cache.delete(id);
  cache.set(id, source);
  while (cache.size > CACHED_IMAGES) cache.delete(cache.keys().next().value);
}

/** The app theme's colours and font (Streamlit sets them as --st-* properties around the component). */
function themeOf(element) {
  const style = getComputedStyle(element);
  const read = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
  return {
    text: read("--st-text-color", "#31333f"),
    font: read("--st-font", "sans-serif"),
    primary: read("--st-primary-color", "#ff4b4b"),
    border: read("--st-border-color", "rgba(49, 51, 63, 0.2)"),
  };
}

/** What st.plotly_chart's Streamlit theme does to the page's figures: app font and text colour, no
 *  backgrounds of its own (the app's shows through), a mode bar in the app's colours. */
function themed(layout, theme) {
  const clear = "rgba(0,0,0,0)";
  return {
    ...layout,
    font: { ...(layout.font || {}), family: theme.font, color: theme.text },
    paper_bgcolor: clear,
    plot_bgcolor: clear,
    legend: { ...(layout.legend || {}), bgcolor: clear, font: { color: theme.text } },
    modebar: { bgcolor: clear, color: theme.text, activecolor: theme.primary },
    hoverlabel: { font: { family: theme.font } },
  };
}

function selectionOf(event, geometry) {
  if (!event) return null;
  if (event.range && event.range.x && event.range.y) {
    return { geometry, box: [{ x: event.range.x, y: event.range.y }] };
  }
  if (event.lassoPoints && event.lassoPoints.x) {
    return { geometry, lasso: [{ x: event.lassoPoints.x, y: event.lassoPoints.y }] };
  }
  return null;
}

async function draw(root, state, data) {
  const Plotly = await loadPlotly(data.plotly);
  const figure = data.figure;
  const images = [];
  for (const image of (figure.layout && figure.layout.images) || []) {
    if (typeof image.source === "string" && image.source.startsWith(REFERENCE)) {
      const id = image.source.slice(REFERENCE.length);
      if (!cache.has(id)) {
        state.setTriggerValue("missing", id);
        return;
      }
      remember(id, cache.get(id));
      images.push({ ...image, source: cache.get(id) });
    } else {
      images.push(image);
    }
  }
  const layout = themed({ ...figure.layout, images }, themeOf(root));
  const config = { ...(data.config || {}), responsive: true, displaylogo: false };
  const started = performance.now();
  if (!state.plotted) {
    await Plotly.newPlot(root, figure.data, layout, config);
    state.plotted = true;
    root.on("plotly_selected", (event) => {
      const chosen = selectionOf(event, state.geometry);
      if (chosen) state.setStateValue("selection", chosen);
    });
    root.on("plotly_deselect", () => state.setStateValue("selection", null));
    state.resize = new ResizeObserver(() => Plotly.Plots.resize(root));
    state.resize.observe(root);
  } else {
    await Plotly.react(root, figure.data, layout, config);
  }
  state.geometry = data.geometry;
  // the tests and bench/explore_browser.py read these: the drawing on screen is this revision's
  state.revision += 1;
  root.dataset.drawMs = (performance.now() - started).toFixed(1); // Plotly.newPlot / Plotly.react alone
  root.dataset.revision = String(state.revision);
  root.dataset.geometry = data.geometry;
}

export default function (component) {
  const { data, parentElement, setStateValue, setTriggerValue } = component;
  if (!data || !data.figure) return undefined;
  let root = parentElement.querySelector(":scope > .graphlens-canvas");
  if (root === null) {
    root = document.createElement("div");
    root.className = "graphlens-canvas";
    root.dataset.testid = "graphlensCanvas";
    parentElement.appendChild(root);
  }
  const state = root.graphlens || (root.graphlens = { revision: 0, plotted: false, busy: null, next: null });
  Object.assign(state, { setStateValue, setTriggerValue });
  // cached on arrival: a render replaced before it is drawn must not lose an image the server sends once
  for (const [id, source] of Object.entries(data.images || {})) remember(id, source);
  // one draw at a time; a render that arrives during a draw replaces any waiting one (the latest wins)
  state.next = data;
  if (state.busy === null) {
    state.busy = (async () => {
      while (state.next !== null) {
        const next = state.next;
        state.next = null;
        try {
          await draw(root, state, next);
        } catch (error) {
          console.error("graphlens canvas:", error);
          root.dataset.error = String(error && error.message ? error.message : error);
        }
      }
      state.busy = null;
    })();
  }
  return () => {
    if (state.resize) state.resize.disconnect();
    if (window.Plotly && state.plotted) window.Plotly.purge(root);
    state.plotted = false;
  };
}
