// Leaflet maps of the console. Tiles come only from Gateway:Console:MapTileUrl; without it (and when the
// tile server cannot be reached) the maps still draw every post on a plain coordinate grid, so a control
// room without internet sees where its posts and alarms are.
'use strict';

const SosMap = (() => {
  let tileSettings = { tileUrl: '', attribution: '' };

  // A background of tiles drawn in the browser: a light grid with each tile's corner coordinates.
  const CoordinateGrid = L.GridLayer.extend({
    createTile(coords) {
      const tile = document.createElement('canvas');
      const size = this.getTileSize();
      tile.width = size.x;
      tile.height = size.y;
      const g = tile.getContext('2d');
      g.fillStyle = '#eef1f4';
      g.fillRect(0, 0, size.x, size.y);
      g.strokeStyle = '#c9d1da';
      g.strokeRect(0, 0, size.x, size.y);
      const corner = this._map.unproject(coords.scaleBy(size), coords.z);
      g.fillStyle = '#7a8794';
      g.font = '11px sans-serif';
      g.fillText(`${corner.lat.toFixed(4)}, ${corner.lng.toFixed(4)}`, 4, 14);
      return tile;
    },
  });

  function configure(settings) {
    tileSettings = settings ?? tileSettings;
  }

  function hasTiles() {
    return Boolean(tileSettings.tileUrl);
  }

  function create(element, options = {}) {
    const interactive = options.interactive !== false;
    const map = L.map(element, {
      zoomControl: interactive,
      dragging: interactive,
      scrollWheelZoom: interactive,
      doubleClickZoom: interactive,
      boxZoom: interactive,
      keyboard: interactive,
      touchZoom: interactive,
      attributionControl: hasTiles(),
    });
    new CoordinateGrid({ className: 'coordinate-grid' }).addTo(map);
    if (hasTiles()) {
      L.tileLayer(tileSettings.tileUrl, { attribution: tileSettings.attribution, maxZoom: 19 }).addTo(map);
    }
    return map;
  }

  function marker(latitude, longitude, health, label) {
    const colours = { online: '#2e7d32', trouble: '#ef6c00', offline: '#9e9e9e', alarm: '#c62828' };
    return L.circleMarker([latitude, longitude], {
      radius: health === 'alarm' ? 10 : 8,
      color: '#1d2430',
      weight: 1,
      fillColor: colours[health] ?? '#555',
      fillOpacity: 0.9,
      className: `post-marker post-${health}`,
    }).bindTooltip(label);
  }

  return { configure, create, marker, hasTiles };
})();
