package importer

import "github.com/govwire/govwire/ingest"

// mayBeOnTopic is the pre-filter: false when the page cannot be on topic,
// so it need not be extracted. Without Options.MayBeOnTopic every page
// may be.
func (im *Importer) mayBeOnTopic(html []byte, contentType string) bool {
	if im.opts.MayBeOnTopic == nil {
		return true
	}
	return im.opts.MayBeOnTopic(StripTags(ingest.HTMLToUTF8(html, contentType)))
}
